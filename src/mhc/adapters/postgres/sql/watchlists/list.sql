SELECT id, name, is_system, created_at
FROM watchlists
ORDER BY id
