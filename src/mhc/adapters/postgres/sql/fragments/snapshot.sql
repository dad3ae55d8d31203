json_build_object(
    'id', sn.id,
    'person_id', sn.person_id,
    'source', sn.source,
    'captured_at', sn.captured_at,
    'normalized_metrics', sn.normalized_metrics
)
