SELECT * FROM session_themes ORDER BY session_id
