SELECT l.person_id, l.status, {{lookup_at}} AS at, l.error, l.attempts
FROM statbate_lookups l
WHERE l.person_id = ANY (%(person_ids)s::bigint[])
