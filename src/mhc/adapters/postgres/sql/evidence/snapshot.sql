-- The raw payload can be large: it is only read when asked for.
SELECT json_build_object(
    'id', s.id,
    'person_id', s.person_id,
    'source', s.source,
    'captured_at', s.captured_at,
    'normalized_metrics', s.normalized_metrics,
    'raw_payload', CASE WHEN %(include_raw)s::boolean THEN s.raw_payload END
)::text
FROM snapshots s
WHERE s.id = %(id)s::bigint
