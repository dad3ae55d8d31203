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
    (SELECT count(*) FROM alerts WHERE person_id = %(person_id)s::bigint) AS alerts,
    (SELECT count(*) FROM statbate_lookups WHERE person_id = %(person_id)s::bigint)
        AS statbate_lookups,
    (SELECT count(*) FROM api_failures
     WHERE names_person(endpoint, %(person_id)s::bigint)
        OR names_person(message, %(person_id)s::bigint)) AS api_failures,
    (SELECT count(*) FROM contract_drift
     WHERE names_person(subject || ' ' || detail || ' ' || first_example::text,
                        %(person_id)s::bigint)) AS contract_drift,
    (SELECT count(*) FROM backfills
     WHERE names_person(label || ' ' || params::text, %(person_id)s::bigint)) AS backfills
