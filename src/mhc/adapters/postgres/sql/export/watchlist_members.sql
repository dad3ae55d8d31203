SELECT * FROM watchlist_members
WHERE %(person_id)s::bigint IS NULL OR person_id = %(person_id)s::bigint
ORDER BY watchlist_id, person_id
