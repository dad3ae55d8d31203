DELETE FROM auth_sessions WHERE id = %(session_id)s::bigint RETURNING id
