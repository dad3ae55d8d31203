-- Answering at all proves the database is up; the newest worker heartbeat comes along.
SELECT (
    SELECT row_to_json(h)
    FROM (SELECT worker_id, broadcaster, last_poll_at, last_event_at, lag_seconds, last_error,
                 updated_at
          FROM worker_heartbeat
          ORDER BY updated_at DESC
          LIMIT 1) h
)::text
