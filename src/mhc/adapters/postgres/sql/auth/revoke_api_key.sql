UPDATE api_keys
SET revoked_at = COALESCE(revoked_at, %(now)s::timestamptz)
WHERE id = %(key_id)s
RETURNING id
