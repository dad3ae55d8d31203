-- Queued look-ups whose time has come, longest waiting first (reads the partial index).
SELECT l.person_id, p.username, l.attempts
FROM statbate_lookups l
JOIN persons p ON p.id = l.person_id
WHERE l.status = 'queued' AND l.next_attempt_at <= now()
ORDER BY l.next_attempt_at, l.queued_at, l.person_id
LIMIT %(limit)s::integer
