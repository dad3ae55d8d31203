-- name: add
INSERT INTO notes (person_id, content)
VALUES (%(person_id)s::bigint, %(content)s::text)
RETURNING id, person_id, content, created_at, updated_at;

-- name: get
SELECT id, person_id, content, created_at, updated_at
FROM notes
WHERE id = %(note_id)s::bigint;

-- name: update
UPDATE notes
SET content = %(content)s::text,
    updated_at = now()
WHERE id = %(note_id)s::bigint
RETURNING id, person_id, content, created_at, updated_at;

-- name: delete
DELETE FROM notes
WHERE id = %(note_id)s::bigint;

-- name: by_person
SELECT id, person_id, content, created_at, updated_at
FROM notes
WHERE person_id = %(person_id)s::bigint
ORDER BY created_at DESC, id DESC;
