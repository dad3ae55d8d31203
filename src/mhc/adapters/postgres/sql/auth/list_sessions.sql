SELECT s.id, s.client, s.user_agent, s.created_at, s.last_seen_at, s.expires_at, s.token_hash
FROM auth_sessions s
JOIN auth_owner o ON o.id = 1 AND o.password_version = s.password_version
WHERE s.expires_at > %(now)s::timestamptz
ORDER BY coalesce(s.last_seen_at, s.created_at) DESC, s.id DESC
