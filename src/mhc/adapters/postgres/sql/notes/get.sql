SELECT id, person_id, content, created_at, updated_at
FROM notes
WHERE id = %(note_id)s::bigint
