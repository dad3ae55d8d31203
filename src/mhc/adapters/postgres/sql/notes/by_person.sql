SELECT id, person_id, content, created_at, updated_at
FROM notes
WHERE person_id = %(person_id)s::bigint
ORDER BY created_at DESC, id DESC
