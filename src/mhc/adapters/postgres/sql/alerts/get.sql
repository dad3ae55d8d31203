SELECT {{alert_record}} FROM alerts a WHERE a.id = %(id)s::bigint
