DELETE FROM watchlist_members WHERE person_id = %(person_id)s::bigint
