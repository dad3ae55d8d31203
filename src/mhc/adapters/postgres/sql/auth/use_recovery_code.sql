UPDATE auth_recovery_codes
SET used_at = %(now)s::timestamptz
WHERE code_hash = %(code_hash)s AND used_at IS NULL
RETURNING code_hash
