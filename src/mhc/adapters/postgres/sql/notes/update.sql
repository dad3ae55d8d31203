UPDATE notes
SET content = %(content)s::text,
    updated_at = now()
WHERE id = %(note_id)s::bigint
RETURNING id, person_id, content, created_at, updated_at
