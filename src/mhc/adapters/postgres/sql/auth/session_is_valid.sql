SELECT EXISTS (
    SELECT 1 FROM auth_sessions
    WHERE token_hash = %(token_hash)s AND expires_at > %(now)s::timestamptz
)
