SELECT max(id) FROM alerts
