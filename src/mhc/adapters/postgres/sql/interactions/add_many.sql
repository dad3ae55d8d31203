-- One statement for the whole batch: parallel arrays, one element per interaction.
INSERT INTO interactions (
    person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id
)
SELECT *
FROM unnest(
    %(person_ids)s::bigint[], %(stream_session_ids)s::bigint[], %(types)s::text[],
    %(contents)s::text[], %(occurred_ats)s::timestamptz[], %(sources)s::text[],
    %(metadata)s::jsonb[], %(source_event_ids)s::text[]
)
ON CONFLICT (source, source_event_id) DO NOTHING
