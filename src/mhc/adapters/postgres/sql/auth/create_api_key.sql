INSERT INTO api_keys (name, prefix, key_hash)
VALUES (%(name)s, %(prefix)s, %(key_hash)s)
RETURNING id, name, prefix, created_at, last_used_at, revoked_at
