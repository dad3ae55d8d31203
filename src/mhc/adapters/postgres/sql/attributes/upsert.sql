INSERT INTO attributes (person_id, key, value, confidence, evidence_type, evidence_id)
VALUES (
    %(person_id)s::bigint, %(key)s::text, %(value)s::text, %(confidence)s::text,
    %(evidence_type)s::text, %(evidence_id)s::bigint
)
ON CONFLICT (person_id, key) DO UPDATE
SET value = EXCLUDED.value,
    confidence = EXCLUDED.confidence,
    evidence_type = EXCLUDED.evidence_type,
    evidence_id = EXCLUDED.evidence_id,
    updated_at = now()
RETURNING id, person_id, key, value, confidence, evidence_type, evidence_id, created_at,
          updated_at
