INSERT INTO interactions
    (person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id)
SELECT
    e.person_id, e.session_id, e.type, e.content, e.occurred_at, %(source)s, e.metadata::jsonb,
    e.event_id
FROM unnest(
    %(person_ids)b::bigint[],
    %(session_ids)b::bigint[],
    %(types)b::text[],
    %(contents)b::text[],
    %(occurred_at)b::timestamptz[],
    %(metadata)b::text[],
    %(event_ids)b::text[]
) AS e(person_id, session_id, type, content, occurred_at, metadata, event_id)
ON CONFLICT (source, source_event_id) DO NOTHING
