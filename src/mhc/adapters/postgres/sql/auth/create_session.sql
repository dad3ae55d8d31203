WITH expired AS (
    DELETE FROM auth_sessions WHERE expires_at <= now()
)
INSERT INTO auth_sessions (token_hash, expires_at, password_version, client, user_agent, last_seen_at)
VALUES (
    %(token_hash)s,
    %(expires_at)s::timestamptz,
    %(password_version)s::integer,
    %(client)s::text,
    %(user_agent)s::text,
    now()
)
