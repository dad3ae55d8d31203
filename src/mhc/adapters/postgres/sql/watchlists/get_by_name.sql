SELECT id, name, is_system, created_at
FROM watchlists
WHERE lower(name) = lower(%(name)s::text)
