WITH expired AS (
    DELETE FROM auth_sessions WHERE expires_at <= now()
)
INSERT INTO auth_sessions (token_hash, expires_at)
VALUES (%(token_hash)s, %(expires_at)s::timestamptz)
