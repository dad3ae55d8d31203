-- name: schema_version
SELECT max(version) AS version FROM schema_migrations;

-- name: person
SELECT id, username FROM persons WHERE id = %(person_id)s::bigint;

-- name: persons
SELECT * FROM persons
WHERE %(person_id)s::bigint IS NULL OR id = %(person_id)s::bigint
ORDER BY id;

-- name: person_aliases
SELECT * FROM person_aliases
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: stream_sessions
-- A person's export holds the sessions their interactions belong to.
SELECT * FROM stream_sessions
WHERE %(person_id)s::bigint IS NULL
   OR id IN (SELECT stream_session_id FROM interactions WHERE person_id = %(person_id)s::bigint)
ORDER BY id;

-- name: snapshots
SELECT * FROM snapshots
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: interactions
SELECT * FROM interactions
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: notes
SELECT * FROM notes
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: attributes
SELECT * FROM attributes
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: watchlists
-- A person's export holds the lists they are on, so their memberships can be read.
SELECT * FROM watchlists
WHERE %(person_id)s::bigint IS NULL
   OR id IN (SELECT watchlist_id FROM watchlist_members WHERE person_id = %(person_id)s::bigint)
ORDER BY id;

-- name: watchlist_members
SELECT * FROM watchlist_members
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY watchlist_id, person_id;

-- name: analysis_dismissals
SELECT * FROM analysis_dismissals
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY id;

-- name: api_failures
-- A person's failures are those naming them (names_person: migration 14).
SELECT * FROM api_failures
WHERE %(person_id)s::bigint IS NULL
   OR names_person(endpoint, %(person_id)s::bigint)
   OR names_person(message, %(person_id)s::bigint)
ORDER BY id;

-- name: erasures
-- Only in an export of everything, like the two below: no erasure is about a person who still
-- exists, and backfills and contract drift record the panel's own work.
SELECT * FROM erasures ORDER BY id;

-- name: backfills
SELECT * FROM backfills ORDER BY id;

-- name: contract_drift
SELECT * FROM contract_drift ORDER BY id;
