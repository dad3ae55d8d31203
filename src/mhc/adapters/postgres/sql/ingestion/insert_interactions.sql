-- Every row of the batch's copy that is not stored yet, in the order it was copied.
INSERT INTO interactions
    (person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id)
SELECT person_id, stream_session_id, type, content, occurred_at, %(source)s, metadata,
    source_event_id
FROM incoming_interactions
ORDER BY position
ON CONFLICT (source, source_event_id) DO NOTHING
