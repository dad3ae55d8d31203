DELETE FROM persons WHERE id = %(person_id)s::bigint
