DELETE FROM interactions WHERE person_id = %(person_id)s::bigint
