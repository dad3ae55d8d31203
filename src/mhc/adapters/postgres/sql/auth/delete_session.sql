DELETE FROM auth_sessions WHERE token_hash = %(token_hash)s
