SELECT * FROM alerts
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id
