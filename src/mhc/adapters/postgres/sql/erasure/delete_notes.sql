DELETE FROM notes WHERE person_id = %(person_id)s::bigint
