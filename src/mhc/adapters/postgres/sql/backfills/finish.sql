UPDATE backfills
SET status = %(status)s::text,
    total = %(total)s::integer,
    done = %(done)s::integer,
    failed = %(failed)s::integer,
    summary = %(summary)s::jsonb,
    last_error = %(last_error)s::text,
    finished_at = now(),
    updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running'
RETURNING id, kind, label, params, origin, status, total, done, failed, summary, last_error,
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
