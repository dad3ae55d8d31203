SELECT id, username FROM persons WHERE id = %(person_id)s::bigint
