-- The first password, set with the one-time token: the token is used up in the same update,
-- so two requests with it cannot both succeed.
WITH changed AS (
    UPDATE auth_owner
    SET password_hash = %(password_hash)s::text,
        password_source = 'setup',
        password_version = password_version + 1,
        password_changed_at = %(now)s::timestamptz,
        setup_token_hash = NULL,
        setup_token_expires_at = NULL,
        updated_at = now()
    WHERE id = 1
      AND password_hash IS NULL
      AND setup_token_hash = %(token_hash)s
      AND setup_token_expires_at > %(now)s::timestamptz
    RETURNING password_version
), ended AS (
    DELETE FROM auth_sessions WHERE password_version < (SELECT password_version FROM changed)
)
SELECT password_version FROM changed
