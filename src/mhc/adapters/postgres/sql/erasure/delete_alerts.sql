-- Their deliveries go with them (ON DELETE CASCADE).
DELETE FROM alerts WHERE person_id = %(person_id)s::bigint
