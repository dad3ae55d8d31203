-- Each person's newest enter or leave after the reset, inside the presence window: whether that
-- is an enter decides whether they are in the room. Reads the (type, occurred_at) index.
SELECT last_move.*
FROM (
    SELECT DISTINCT ON (i.person_id) {{room_event}}
    FROM interactions i
    JOIN persons p ON p.id = i.person_id
    WHERE i.type IN ('USER_ENTER', 'USER_LEAVE')
      AND i.source = 'cb_events'
      AND i.occurred_at >= %(since)s::timestamptz
      AND i.id > %(reset_id)s::bigint
      AND NOT p.is_excluded
    ORDER BY i.person_id, i.id DESC
) AS last_move
ORDER BY last_move.id
