SELECT {{alert_rule}} FROM alert_rules r WHERE r.id = %(id)s::bigint
