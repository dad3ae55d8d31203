DELETE FROM alert_rules WHERE id = %(id)s::bigint RETURNING id
