SELECT id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
       source_event_id, created_at
FROM interactions
WHERE stream_session_id = %(session_id)s::bigint
ORDER BY occurred_at, id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
