-- Dismissing again moves the time forward; the row stays one per person, key and value.
INSERT INTO analysis_dismissals (person_id, key, value, dismissed_at)
VALUES (%(person_id)s, %(key)s, %(value)s, %(at)s)
ON CONFLICT (person_id, key, value) DO UPDATE SET dismissed_at = EXCLUDED.dismissed_at
RETURNING key, value, dismissed_at
