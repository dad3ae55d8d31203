-- name: list
SELECT id, name, is_system, created_at
FROM watchlists
ORDER BY id;

-- name: get
SELECT id, name, is_system, created_at
FROM watchlists
WHERE id = %(watchlist_id)s::bigint;

-- name: get_by_name
SELECT id, name, is_system, created_at
FROM watchlists
WHERE lower(name) = lower(%(name)s::text);

-- name: create
INSERT INTO watchlists (name)
VALUES (%(name)s::text)
RETURNING id, name, is_system, created_at;

-- name: rename
UPDATE watchlists
SET name = %(name)s::text
WHERE id = %(watchlist_id)s::bigint
RETURNING id, name, is_system, created_at;

-- name: delete
-- The watchlists_keep_system trigger refuses to delete a built-in list.
DELETE FROM watchlists
WHERE id = %(watchlist_id)s::bigint;

-- name: add_member
-- Adding a member twice keeps the first added_at (the caller then reads the existing row).
INSERT INTO watchlist_members (watchlist_id, person_id)
VALUES (%(watchlist_id)s::bigint, %(person_id)s::bigint)
ON CONFLICT (watchlist_id, person_id) DO NOTHING
RETURNING watchlist_id, person_id, added_at;

-- name: member
SELECT watchlist_id, person_id, added_at
FROM watchlist_members
WHERE watchlist_id = %(watchlist_id)s::bigint
  AND person_id = %(person_id)s::bigint;

-- name: remove_member
DELETE FROM watchlist_members
WHERE watchlist_id = %(watchlist_id)s::bigint
  AND person_id = %(person_id)s::bigint;

-- name: members
SELECT watchlist_id, person_id, added_at
FROM watchlist_members
WHERE watchlist_id = %(watchlist_id)s::bigint
ORDER BY added_at, person_id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;

-- name: lists_of_person
SELECT w.id, w.name, w.is_system, w.created_at
FROM watchlists AS w
JOIN watchlist_members AS m ON m.watchlist_id = w.id
WHERE m.person_id = %(person_id)s::bigint
ORDER BY w.id;
