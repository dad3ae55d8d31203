UPDATE connections
SET secret = NULL,
    secret_set_at = NULL
WHERE name = %(name)s::text
