-- A new LIVE session, or the one already LIVE: the partial unique index allows only one.
WITH inserted AS (
    INSERT INTO stream_sessions (platform, broadcaster, started_at, status)
    VALUES (%(platform)s, %(broadcaster)s, %(started_at)s, 'LIVE')
    ON CONFLICT (platform, broadcaster) WHERE status = 'LIVE' DO NOTHING
    RETURNING id, started_at
)
SELECT id, started_at FROM inserted
UNION ALL
SELECT id, started_at
FROM stream_sessions
WHERE platform = %(platform)s AND broadcaster = %(broadcaster)s AND status = 'LIVE'
LIMIT 1
