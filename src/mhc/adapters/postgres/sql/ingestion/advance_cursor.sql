-- Compare-and-set: only the worker that read the stored position may move it.
INSERT INTO events_cursor (broadcaster, last_event_id, timeout_seconds, updated_at)
VALUES (%(broadcaster)s, %(last_event_id)s, %(timeout_seconds)s, now())
ON CONFLICT (broadcaster) DO UPDATE
SET last_event_id = EXCLUDED.last_event_id,
    timeout_seconds = EXCLUDED.timeout_seconds,
    updated_at = EXCLUDED.updated_at
WHERE events_cursor.last_event_id IS NOT DISTINCT FROM %(expected_event_id)s::text
RETURNING broadcaster
