-- Before the aliases: names_person reads them.
DELETE FROM api_failures
WHERE names_person(endpoint, %(person_id)s::bigint)
   OR names_person(message, %(person_id)s::bigint)
