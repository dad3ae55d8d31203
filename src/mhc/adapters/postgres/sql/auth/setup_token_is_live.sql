SELECT EXISTS (
    SELECT 1 FROM auth_owner
    WHERE id = 1
      AND password_hash IS NULL
      AND setup_token_hash = %(token_hash)s
      AND setup_token_expires_at > %(now)s::timestamptz
)
