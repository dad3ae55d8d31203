SELECT * FROM persons
WHERE %(person_id)s::bigint IS NULL OR id = %(person_id)s::bigint
ORDER BY id
