-- One row per worker process; rows of processes gone for a day are pruned on the way.
WITH pruned AS (
    DELETE FROM worker_heartbeat
    WHERE broadcaster = %(broadcaster)s
      AND worker_id <> %(worker_id)s
      AND updated_at < now() - interval '1 day'
)
INSERT INTO worker_heartbeat
    (worker_id, broadcaster, last_poll_at, last_event_at, lag_seconds, last_error, updated_at)
VALUES
    (%(worker_id)s, %(broadcaster)s, %(last_poll_at)s, %(last_event_at)s, %(lag_seconds)s,
     %(last_error)s, now())
ON CONFLICT (worker_id) DO UPDATE
SET broadcaster = EXCLUDED.broadcaster,
    last_poll_at = EXCLUDED.last_poll_at,
    last_event_at = EXCLUDED.last_event_at,
    lag_seconds = EXCLUDED.lag_seconds,
    last_error = EXCLUDED.last_error,
    updated_at = EXCLUDED.updated_at
