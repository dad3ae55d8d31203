-- name: add
INSERT INTO snapshots (person_id, source, captured_at, raw_payload, normalized_metrics)
VALUES (
    %(person_id)s::bigint, %(source)s::text, %(captured_at)s::timestamptz,
    %(raw_payload)s::jsonb, %(normalized_metrics)s::jsonb
)
RETURNING id, person_id, source, captured_at, raw_payload, normalized_metrics;

-- name: latest
SELECT id, person_id, source, captured_at, raw_payload, normalized_metrics
FROM snapshots
WHERE person_id = %(person_id)s::bigint
  AND source = %(source)s::text
ORDER BY captured_at DESC, id DESC
LIMIT %(count)s::integer;

-- name: timeline
SELECT id, person_id, source, captured_at, raw_payload, normalized_metrics
FROM snapshots
WHERE person_id = %(person_id)s::bigint
  AND (%(source)s::text IS NULL OR source = %(source)s::text)
ORDER BY captured_at, id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;
