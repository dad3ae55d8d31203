SELECT {{alert_record}}
FROM alerts a
ORDER BY a.fired_at DESC, a.id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
