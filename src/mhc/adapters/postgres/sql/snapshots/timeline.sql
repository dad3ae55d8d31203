SELECT id, person_id, source, captured_at, raw_payload, normalized_metrics
FROM snapshots
WHERE person_id = %(person_id)s::bigint
  AND (%(source)s::text IS NULL OR source = %(source)s::text)
ORDER BY captured_at, id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
