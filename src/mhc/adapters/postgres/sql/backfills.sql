-- name: create
INSERT INTO backfills (kind, label, params, origin, status, worker_id, started_at)
VALUES (
    %(kind)s::text, %(label)s::text, %(params)s::jsonb, %(origin)s::text, %(status)s::text,
    %(worker_id)s::text, CASE WHEN %(status)s::text = 'running' THEN now() END
)
RETURNING id, kind, label, params, origin, status, total, done, failed, summary, last_error,
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at;

-- name: claim_queued
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
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at;

-- name: record_progress
-- The answer tells the run whether the owner asked the panel to cancel it.
UPDATE backfills
SET total = %(total)s::integer,
    done = %(done)s::integer,
    failed = %(failed)s::integer,
    summary = %(summary)s::jsonb,
    last_error = %(last_error)s::text,
    updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running'
RETURNING cancel_requested_at IS NOT NULL;

-- name: finish
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
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at;

-- name: touch
UPDATE backfills SET updated_at = now() WHERE id = %(id)s::bigint AND status = 'running';

-- name: requeue
-- The next run starts over: its counts would mix with this one's otherwise.
UPDATE backfills
SET status = 'queued', worker_id = NULL, started_at = NULL, total = NULL, done = 0, failed = 0,
    summary = '{}'::jsonb, last_error = NULL, updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running' AND cancel_requested_at IS NULL;

-- name: cancel
UPDATE backfills
SET status = 'cancelled', last_error = %(reason)s::text, finished_at = now(), updated_at = now()
WHERE id = %(id)s::bigint AND status = 'running';

-- name: request_cancel
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
          created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at;

-- name: fail_stale
-- SKIP LOCKED: a row another worker is finishing right now is left to it.
UPDATE backfills
SET status = 'failed', last_error = %(reason)s::text, finished_at = now(), updated_at = now()
WHERE id IN (
    SELECT id FROM backfills
    WHERE status = 'running' AND updated_at < now() - %(older_than)s::interval
    FOR UPDATE SKIP LOCKED
)
RETURNING id;

-- name: get
SELECT id, kind, label, params, origin, status, total, done, failed, summary, last_error,
       created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
FROM backfills
WHERE id = %(id)s::bigint;

-- name: page
SELECT id, kind, label, params, origin, status, total, done, failed, summary, last_error,
       created_at, started_at, finished_at, updated_at, worker_id, cancel_requested_at
FROM backfills
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;

-- name: count
SELECT count(*) FROM backfills;

-- name: live_history_start
-- The earliest Events API interaction of the room, found through the (type, occurred_at)
-- index one type at a time rather than by reading every interaction.
SELECT min(first.occurred_at)
FROM unnest(%(types)s::text[]) AS t(type)
CROSS JOIN LATERAL (
    SELECT i.occurred_at
    FROM interactions i
    WHERE i.type = t.type
      AND i.source = 'cb_events'
      AND lower(coalesce(i.metadata -> 'raw' -> 'object' ->> 'broadcaster', %(room)s::text))
          = %(room)s::text
    ORDER BY i.occurred_at
    LIMIT 1
) AS first;
