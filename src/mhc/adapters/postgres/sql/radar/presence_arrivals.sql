-- The events that put each person present in the room (the fold of presence_moves.sql), never
-- the owner's nor an excluded person's: who is left out is decided here, at every look, so that
-- excluding someone takes them out of the room at once.
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id = ANY (%(ids)s::bigint[])
  AND NOT p.is_excluded
  AND p.username <> %(owner)s::text
ORDER BY i.id
