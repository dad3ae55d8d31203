SELECT max(ended_at)
FROM stream_sessions
WHERE platform = %(platform)s AND broadcaster = %(broadcaster)s AND status = 'ENDED'
