SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE broadcaster = %(broadcaster)s::text
ORDER BY started_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
