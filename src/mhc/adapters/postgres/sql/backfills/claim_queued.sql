-- The row is locked only for this statement: another worker skips it instead of waiting, and
-- once it is running nobody claims it again.
UPDATE backfills
SET status = 'running', worker_id = %(worker_id)s::text, started_at = now(), updated_at = now()
WHERE id = (
    SELECT id FROM backfills
    WHERE status = 'queued'
    ORDER BY created_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, kind, label, params, origin, status, total, done, failed, summary, last_error,
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
