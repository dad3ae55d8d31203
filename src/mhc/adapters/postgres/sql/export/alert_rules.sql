SELECT * FROM alert_rules ORDER BY id
