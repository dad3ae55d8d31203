-- The newest broadcast start or stop: the room empties there. It is the room's own event, so
-- who it is attributed to does not matter (exclusion included).
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.type IN ('BROADCAST_START', 'BROADCAST_STOP')
  AND i.source = 'cb_events'
ORDER BY i.id DESC
LIMIT 1
