SELECT d.* FROM alert_deliveries d
WHERE %(person_id)s::bigint IS NULL
   OR d.alert_id IN (SELECT id FROM alerts WHERE person_id = %(person_id)s::bigint)
ORDER BY d.alert_id, d.channel
