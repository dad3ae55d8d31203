UPDATE api_keys SET revoked_at = %(now)s::timestamptz WHERE revoked_at IS NULL
