DELETE FROM attributes WHERE person_id = %(person_id)s::bigint
