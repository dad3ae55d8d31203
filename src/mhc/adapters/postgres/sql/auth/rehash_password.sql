UPDATE auth_owner
SET password_hash = %(password_hash)s::text, updated_at = now()
WHERE id = 1 AND password_version = %(version)s::integer
