SELECT id
FROM stream_sessions
WHERE platform = 'chaturbate' AND broadcaster = %(broadcaster)s AND status = 'LIVE'
