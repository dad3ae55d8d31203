SELECT id, kind, label, params, origin, status, total, done, failed, summary, last_error,
       created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
FROM backfills
WHERE id = %(id)s::bigint
