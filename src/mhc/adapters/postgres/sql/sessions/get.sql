SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE id = %(session_id)s::bigint
