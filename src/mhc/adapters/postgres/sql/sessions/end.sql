UPDATE stream_sessions
SET status = 'ENDED',
    ended_at = %(ended_at)s::timestamptz
WHERE id = %(session_id)s::bigint
  AND status = 'LIVE'
RETURNING id, platform, broadcaster, started_at, ended_at, status
