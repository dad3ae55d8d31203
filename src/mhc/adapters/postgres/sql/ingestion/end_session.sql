UPDATE stream_sessions
SET status = 'ENDED', ended_at = GREATEST(started_at, %(ended_at)s::timestamptz)
WHERE id = %(session_id)s AND status = 'LIVE'
