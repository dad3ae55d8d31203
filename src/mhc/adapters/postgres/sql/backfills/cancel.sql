UPDATE backfills
SET status = 'cancelled', last_error = %(reason)s::text, finished_at = now(), updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running'
