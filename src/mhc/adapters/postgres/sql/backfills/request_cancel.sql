-- A queued row has no process to tell: it ends here. A running one keeps running until its
-- process reads the request; updated_at stays, as it is that process's sign of life. A claim
-- racing with this waits for it or sees the row as it was (READ COMMITTED re-reads the row).
UPDATE backfills
SET status = CASE status WHEN 'queued' THEN 'cancelled' ELSE status END,
    last_error = CASE status WHEN 'queued' THEN %(reason)s::text ELSE last_error END,
    finished_at = CASE status WHEN 'queued' THEN now() ELSE finished_at END,
    updated_at = CASE status WHEN 'queued' THEN now() ELSE updated_at END,
    cancel_requested_at = coalesce(cancel_requested_at, now())
WHERE id = %(id)s::bigint AND status IN ('queued', 'running')
RETURNING id, kind, label, params, origin, status, total, done, failed, summary, last_error,
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
