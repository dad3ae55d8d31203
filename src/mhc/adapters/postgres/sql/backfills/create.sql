INSERT INTO backfills (kind, label, params, origin, status, worker_id, started_at)
VALUES (
    %(kind)s::text, %(label)s::text, %(params)s::jsonb, %(origin)s::text, %(status)s::text,
    %(worker_id)s::text, CASE WHEN %(status)s::text = 'running' THEN now() END
)
RETURNING id, kind, label, params, origin, status, total, done, failed, summary, last_error,
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
