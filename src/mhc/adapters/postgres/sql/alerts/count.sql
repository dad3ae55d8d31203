SELECT count(*) FROM alerts
