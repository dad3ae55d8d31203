-- The first room events above an id, oldest first (a forward walk of the primary key).
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id > %(after)s::bigint
  AND i.source = 'cb_events'
  AND i.type = ANY (%(types)s::text[])
  AND NOT p.is_excluded
ORDER BY i.id
LIMIT %(limit)s::integer
