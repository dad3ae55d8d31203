-- The next run starts over: its counts would mix with this one's otherwise.
UPDATE backfills
SET status = 'queued', worker_id = NULL, started_at = NULL, total = NULL, done = 0, failed = 0,
    summary = '{}'::jsonb, last_error = NULL, updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running' AND cancel_requested_at IS NULL
