-- The partial unique index allows one LIVE session per broadcaster: a second start
-- inserts nothing, and the caller then reads the session that is already LIVE.
INSERT INTO stream_sessions (platform, broadcaster, started_at, status)
VALUES (%(platform)s::text, %(broadcaster)s::text, %(started_at)s::timestamptz, 'LIVE')
ON CONFLICT (platform, broadcaster) WHERE status = 'LIVE' DO NOTHING
RETURNING id, platform, broadcaster, started_at, ended_at, status
