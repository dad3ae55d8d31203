SELECT id, person_id, alias, platform, valid_from, valid_to
FROM person_aliases
WHERE person_id = %(person_id)s::bigint
ORDER BY valid_from, id
