-- A person's failures are those naming them (names_person: migration 14).
SELECT * FROM api_failures
WHERE %(person_id)s::bigint IS NULL
   OR names_person(endpoint, %(person_id)s::bigint)
   OR names_person(message, %(person_id)s::bigint)
ORDER BY id
