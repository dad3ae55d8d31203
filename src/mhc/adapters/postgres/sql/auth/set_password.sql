-- A new password: its version goes up, the setup token goes, and (in the same statement)
-- every session opened with an older password is deleted.
WITH changed AS (
    UPDATE auth_owner
    SET password_hash = %(password_hash)s::text,
        password_source = %(source)s::text,
        password_version = password_version + 1,
        password_changed_at = now(),
        setup_token_hash = NULL,
        setup_token_expires_at = NULL,
        updated_at = now()
    WHERE id = 1
    RETURNING password_version
), ended AS (
    DELETE FROM auth_sessions WHERE password_version < (SELECT password_version FROM changed)
)
SELECT password_version FROM changed
