DELETE FROM snapshots WHERE person_id = %(person_id)s::bigint
