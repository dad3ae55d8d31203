-- name: preview
-- The rows `erase` would delete, per table (the same predicates as its deletes).
SELECT
    (SELECT count(*) FROM persons WHERE id = %(person_id)s::bigint) AS persons,
    (SELECT count(*) FROM person_aliases WHERE person_id = %(person_id)s::bigint) AS person_aliases,
    (SELECT count(*) FROM snapshots WHERE person_id = %(person_id)s::bigint) AS snapshots,
    (SELECT count(*) FROM interactions WHERE person_id = %(person_id)s::bigint) AS interactions,
    (SELECT count(*) FROM notes WHERE person_id = %(person_id)s::bigint) AS notes,
    (SELECT count(*) FROM attributes WHERE person_id = %(person_id)s::bigint) AS attributes,
    (SELECT count(*) FROM watchlist_members WHERE person_id = %(person_id)s::bigint)
        AS watchlist_members,
    (SELECT count(*) FROM analysis_dismissals WHERE person_id = %(person_id)s::bigint)
        AS analysis_dismissals,
    (SELECT count(*) FROM api_failures
     WHERE names_person(endpoint, %(person_id)s::bigint)
        OR names_person(message, %(person_id)s::bigint)) AS api_failures,
    (SELECT count(*) FROM contract_drift
     WHERE names_person(subject || ' ' || detail || ' ' || first_example::text,
                        %(person_id)s::bigint)) AS contract_drift,
    (SELECT count(*) FROM backfills
     WHERE names_person(label || ' ' || params::text, %(person_id)s::bigint)) AS backfills;

-- name: lock_person
-- Held until the erasure commits: a concurrent write about the person (an event, a note)
-- waits, then fails on its foreign key instead of leaving a row about nobody.
SELECT username FROM persons WHERE id = %(person_id)s::bigint FOR UPDATE;

-- name: allow_erasure
-- Opens the append-only triggers to DELETEs of this transaction only (migration 14).
SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true);

-- name: delete_interactions
DELETE FROM interactions WHERE person_id = %(person_id)s::bigint;

-- name: delete_snapshots
DELETE FROM snapshots WHERE person_id = %(person_id)s::bigint;

-- name: delete_analysis_dismissals
DELETE FROM analysis_dismissals WHERE person_id = %(person_id)s::bigint;

-- name: delete_attributes
DELETE FROM attributes WHERE person_id = %(person_id)s::bigint;

-- name: delete_notes
DELETE FROM notes WHERE person_id = %(person_id)s::bigint;

-- name: delete_watchlist_members
DELETE FROM watchlist_members WHERE person_id = %(person_id)s::bigint;

-- name: delete_api_failures
-- Before the aliases: names_person reads them.
DELETE FROM api_failures
WHERE names_person(endpoint, %(person_id)s::bigint)
   OR names_person(message, %(person_id)s::bigint);

-- name: delete_contract_drift
-- A drift alarm whose example shows the person goes with them; the next drift raises it again.
DELETE FROM contract_drift
WHERE names_person(subject || ' ' || detail || ' ' || first_example::text, %(person_id)s::bigint);

-- name: delete_backfills
-- A backfill's record (its label, its list of names) that names the person.
DELETE FROM backfills
WHERE names_person(label || ' ' || params::text, %(person_id)s::bigint);

-- name: delete_person_aliases
DELETE FROM person_aliases WHERE person_id = %(person_id)s::bigint;

-- name: delete_persons
DELETE FROM persons WHERE id = %(person_id)s::bigint;

-- name: record
INSERT INTO erasures (actor, reason, person_id, username_sha256, counts)
VALUES (
    %(actor)s::text,
    %(reason)s::text,
    %(person_id)s::bigint,
    %(username_sha256)s::text,
    %(counts)s::jsonb
)
RETURNING id, erased_at, actor, reason, person_id, username_sha256, counts;

-- name: history
SELECT id, erased_at, actor, reason, person_id, username_sha256, counts
FROM erasures
ORDER BY erased_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;

-- name: count
SELECT count(*) FROM erasures;
