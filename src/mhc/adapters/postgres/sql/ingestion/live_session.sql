-- Locked, so an "End Session" from the web waits for the batch that links events to it.
SELECT id, started_at
FROM stream_sessions
WHERE platform = %(platform)s AND broadcaster = %(broadcaster)s AND status = 'LIVE'
FOR UPDATE
