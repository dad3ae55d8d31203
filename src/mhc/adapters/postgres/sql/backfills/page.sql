SELECT id, kind, label, params, origin, status, total, done, failed, summary, last_error,
       created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
FROM backfills
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
