-- A backfill's record (its label, its list of names) that names the person.
DELETE FROM backfills
WHERE names_person(label || ' ' || params::text, %(person_id)s::bigint)
