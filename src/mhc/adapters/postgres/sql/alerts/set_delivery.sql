UPDATE alert_deliveries
SET status = %(status)s::text, detail = %(detail)s::text, updated_at = now()
WHERE alert_id = %(alert_id)s::bigint AND channel = %(channel)s::text
