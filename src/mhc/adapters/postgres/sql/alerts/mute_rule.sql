UPDATE alert_rules AS r
SET muted_until = %(until)s::timestamptz, updated_at = now()
WHERE r.id = %(id)s::bigint
RETURNING {{alert_rule}}
