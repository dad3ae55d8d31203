SELECT id, person_id, key, value, confidence, evidence_type, evidence_id, created_at,
       updated_at
FROM attributes
WHERE person_id = %(person_id)s::bigint
ORDER BY key
