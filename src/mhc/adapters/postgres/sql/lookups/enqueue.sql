-- Queue whoever of the wanted people is due a Statbate look-up: never the owner or an
-- excluded person, nobody with a member snapshot younger than the freshness window, and
-- nobody answered (or failed) lately: their row says when they may be asked again.
INSERT INTO statbate_lookups AS l (person_id, status, queued_at, next_attempt_at)
SELECT p.id, 'queued', now(), now()
FROM unnest(%(person_ids)s::bigint[]) AS wanted (id)
JOIN persons p ON p.id = wanted.id
WHERE NOT p.is_excluded
  AND p.username <> %(owner)s::text
  AND NOT EXISTS (
      SELECT 1 FROM snapshots s
      WHERE s.person_id = p.id AND s.source = 'statbate_member'
        AND s.captured_at > now() - %(freshness)s::interval
  )
ON CONFLICT (person_id) DO UPDATE
SET status = 'queued', queued_at = now(), next_attempt_at = now(), attempts = 0, error = NULL,
    updated_at = now()
WHERE l.status <> 'queued' AND l.next_attempt_at <= now()
RETURNING l.person_id
