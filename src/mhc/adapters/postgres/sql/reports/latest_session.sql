SELECT id
FROM stream_sessions
WHERE broadcaster = %(broadcaster)s::text
ORDER BY started_at DESC, id DESC
LIMIT 1
