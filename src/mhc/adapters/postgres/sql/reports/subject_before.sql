-- The newest room subject the broadcaster set before the session began.
SELECT i.content, i.occurred_at
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.type = 'ROOM_SUBJECT_CHANGE'
  AND i.occurred_at < %(started_at)s::timestamptz
  AND i.content IS NOT NULL
  AND p.platform = 'chaturbate' AND lower(p.username) = lower(%(broadcaster)s::text)
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT 1
