UPDATE auth_owner
SET setup_token_hash = %(token_hash)s, setup_token_expires_at = %(expires_at)s::timestamptz,
    updated_at = now()
WHERE id = 1 AND password_hash IS NULL
RETURNING id
