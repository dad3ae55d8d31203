-- The events that put people present in the room (the fold of presence_moves.sql), by id: those
-- of them a look does not keep yet. Who is left out (the owner, an excluded person) is decided by
-- the look, at every look, so that excluding someone takes them out of the room at once.
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id = ANY (%(ids)s::bigint[])
ORDER BY i.id
