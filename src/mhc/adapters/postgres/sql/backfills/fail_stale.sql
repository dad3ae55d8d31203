-- SKIP LOCKED: a row another worker is finishing right now is left to it.
UPDATE backfills
SET status = 'failed', last_error = %(reason)s::text, finished_at = now(), updated_at = now()
WHERE id IN (
    SELECT id FROM backfills
    WHERE status = 'running' AND updated_at < now() - %(older_than)s::interval
    FOR UPDATE SKIP LOCKED
)
RETURNING id
