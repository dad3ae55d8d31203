COPY incoming_interactions
    (person_id, stream_session_id, type, content, occurred_at, metadata, source_event_id)
FROM STDIN
