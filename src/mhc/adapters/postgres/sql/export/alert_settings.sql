SELECT * FROM alert_settings
