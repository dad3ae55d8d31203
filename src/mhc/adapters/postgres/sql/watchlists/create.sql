INSERT INTO watchlists (name)
VALUES (%(name)s::text)
RETURNING id, name, is_system, created_at
