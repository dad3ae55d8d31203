-- name: get
SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE id = %(session_id)s::bigint;

-- name: current
SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE platform = %(platform)s::text
  AND broadcaster = %(broadcaster)s::text
  AND status = 'LIVE';

-- name: start
-- The partial unique index allows one LIVE session per broadcaster: a second start
-- inserts nothing, and the caller then reads the session that is already LIVE.
INSERT INTO stream_sessions (platform, broadcaster, started_at, status)
VALUES (%(platform)s::text, %(broadcaster)s::text, %(started_at)s::timestamptz, 'LIVE')
ON CONFLICT (platform, broadcaster) WHERE status = 'LIVE' DO NOTHING
RETURNING id, platform, broadcaster, started_at, ended_at, status;

-- name: end
UPDATE stream_sessions
SET status = 'ENDED',
    ended_at = %(ended_at)s::timestamptz
WHERE id = %(session_id)s::bigint
  AND status = 'LIVE'
RETURNING id, platform, broadcaster, started_at, ended_at, status;

-- name: list
SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE broadcaster = %(broadcaster)s::text
ORDER BY started_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;
