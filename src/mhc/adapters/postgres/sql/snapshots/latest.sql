SELECT id, person_id, source, captured_at, raw_payload, normalized_metrics
FROM snapshots
WHERE person_id = %(person_id)s::bigint
  AND source = %(source)s::text
ORDER BY captured_at DESC, id DESC
LIMIT %(count)s::integer
