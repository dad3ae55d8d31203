SELECT watchlist_id, person_id, added_at
FROM watchlist_members
WHERE watchlist_id = %(watchlist_id)s::bigint
ORDER BY added_at, person_id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
