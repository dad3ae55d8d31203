INSERT INTO alert_deliveries (alert_id, channel, status, detail)
SELECT %(alert_id)s::bigint, d.channel, d.status, d.detail
FROM unnest(%(channels)s::text[], %(statuses)s::text[], %(details)s::text[])
    AS d (channel, status, detail)
