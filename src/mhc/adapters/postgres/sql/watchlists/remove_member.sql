DELETE FROM watchlist_members
WHERE watchlist_id = %(watchlist_id)s::bigint
  AND person_id = %(person_id)s::bigint
