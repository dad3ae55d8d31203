SELECT max(occurred_at) FROM interactions WHERE stream_session_id = %(session_id)s
