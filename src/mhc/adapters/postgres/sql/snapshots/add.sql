INSERT INTO snapshots (person_id, source, captured_at, raw_payload, normalized_metrics)
VALUES (
    %(person_id)s::bigint, %(source)s::text, %(captured_at)s::timestamptz,
    %(raw_payload)s::jsonb, %(normalized_metrics)s::jsonb
)
RETURNING id, person_id, source, captured_at, raw_payload, normalized_metrics
