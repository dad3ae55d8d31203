SELECT w.id, w.name, w.is_system, w.created_at
FROM watchlists AS w
JOIN watchlist_members AS m ON m.watchlist_id = w.id
WHERE m.person_id = %(person_id)s::bigint
ORDER BY w.id
