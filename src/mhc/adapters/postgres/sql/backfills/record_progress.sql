-- The answer tells the run whether the owner asked the panel to cancel it.
UPDATE backfills
SET total = %(total)s::integer,
    done = %(done)s::integer,
    failed = %(failed)s::integer,
    summary = %(summary)s::jsonb,
    last_error = %(last_error)s::text,
    updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running'
RETURNING cancel_requested_at IS NOT NULL
