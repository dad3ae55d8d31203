-- A re-delivered event (same source and source event id) inserts nothing and returns no row.
INSERT INTO interactions (
    person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id
)
VALUES (
    %(person_id)s::bigint, %(stream_session_id)s::bigint, %(type)s::text, %(content)s::text,
    %(occurred_at)s::timestamptz, %(source)s::text, %(metadata)s::jsonb,
    %(source_event_id)s::text
)
ON CONFLICT (source, source_event_id) DO NOTHING
RETURNING id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
          source_event_id, created_at
