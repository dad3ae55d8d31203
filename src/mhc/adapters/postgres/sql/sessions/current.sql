SELECT id, platform, broadcaster, started_at, ended_at, status
FROM stream_sessions
WHERE platform = %(platform)s::text
  AND broadcaster = %(broadcaster)s::text
  AND status = 'LIVE'
