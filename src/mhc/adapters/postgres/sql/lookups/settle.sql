-- What the service said about each person; they leave the queue until `retry_at`.
UPDATE statbate_lookups l
SET status = a.status,
    looked_up_at = now(),
    next_attempt_at = a.retry_at,
    error = a.error,
    attempts = l.attempts + 1,
    updated_at = now()
FROM unnest(%(person_ids)s::bigint[], %(statuses)s::text[], %(retry_at)s::timestamptz[],
            %(errors)s::text[]) AS a (person_id, status, retry_at, error)
WHERE l.person_id = a.person_id
