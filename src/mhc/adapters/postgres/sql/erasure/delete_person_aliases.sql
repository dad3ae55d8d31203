DELETE FROM person_aliases WHERE person_id = %(person_id)s::bigint
