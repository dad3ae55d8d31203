-- The session, its theme and its listening; no row when it does not exist.
SELECT s.id, s.broadcaster, s.started_at, s.ended_at, s.status,
       COALESCE(t.theme, '') AS theme,
       {{session_listening}}::text AS listening
FROM stream_sessions s
LEFT JOIN session_themes t ON t.session_id = s.id
WHERE s.id = %(session_id)s::bigint
