SELECT {{alert_record}}
FROM alerts a
WHERE a.id > %(after)s::bigint AND a.fired_at >= %(since)s::timestamptz
ORDER BY a.id
LIMIT %(limit)s::integer
