SELECT {{alert_rule}} FROM alert_rules r ORDER BY r.id
