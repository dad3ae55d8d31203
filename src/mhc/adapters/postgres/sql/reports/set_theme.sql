-- No row when the session does not exist.
INSERT INTO session_themes (session_id, theme, updated_at)
SELECT s.id, %(theme)s::text, now() FROM stream_sessions s WHERE s.id = %(session_id)s::bigint
ON CONFLICT (session_id) DO UPDATE SET theme = EXCLUDED.theme, updated_at = EXCLUDED.updated_at
RETURNING session_id
