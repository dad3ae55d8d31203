-- The watchlists_keep_system trigger refuses to delete a built-in list.
DELETE FROM watchlists
WHERE id = %(watchlist_id)s::bigint
