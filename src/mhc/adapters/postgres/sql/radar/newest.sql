-- The newest room events above an id (a backward walk of the primary key), oldest first.
SELECT newest.*
FROM (
    SELECT {{room_event}}
    FROM interactions i
    JOIN persons p ON p.id = i.person_id
    WHERE i.id > %(after)s::bigint
      AND i.source = 'cb_events'
      AND i.type = ANY (%(types)s::text[])
      AND NOT p.is_excluded
    ORDER BY i.id DESC
    LIMIT %(limit)s::integer
) AS newest
ORDER BY newest.id
