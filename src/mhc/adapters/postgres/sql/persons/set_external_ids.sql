-- A missing id (NULL) keeps the one already known.
UPDATE persons
SET rid = COALESCE(%(rid)s::bigint, rid),
    did = COALESCE(%(did)s::bigint, did),
    updated_at = now()
WHERE id = %(person_id)s::bigint
