-- The room's size from the owner's latest Chaturbate Stats API snapshot.
SELECT s.normalized_metrics, s.captured_at
FROM snapshots s
JOIN persons p ON p.id = s.person_id
WHERE p.platform = 'chaturbate' AND lower(p.username) = %(broadcaster)s::text
  AND s.source = 'cb_stats'
ORDER BY s.captured_at DESC
LIMIT 1
