SELECT worker_id, broadcaster, last_poll_at, last_event_at, lag_seconds, last_error, updated_at
FROM worker_heartbeat
WHERE broadcaster = %(broadcaster)s
ORDER BY updated_at DESC
LIMIT 1
