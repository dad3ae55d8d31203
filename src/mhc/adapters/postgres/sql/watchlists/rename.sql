UPDATE watchlists
SET name = %(name)s::text
WHERE id = %(watchlist_id)s::bigint
RETURNING id, name, is_system, created_at
