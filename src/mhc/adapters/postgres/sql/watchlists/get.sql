SELECT id, name, is_system, created_at
FROM watchlists
WHERE id = %(watchlist_id)s::bigint
