INSERT INTO notes (person_id, content)
VALUES (%(person_id)s::bigint, %(content)s::text)
RETURNING id, person_id, content, created_at, updated_at
