-- Valid: not expired, and opened with the current password. Seen: recorded at most once a
-- minute (a write on every request would cost a WAL flush each time).
WITH live AS (
    SELECT s.token_hash, s.last_seen_at
    FROM auth_sessions s
    JOIN auth_owner o ON o.id = 1 AND o.password_version = s.password_version
    WHERE s.token_hash = %(token_hash)s AND s.expires_at > %(now)s::timestamptz
), seen AS (
    UPDATE auth_sessions s SET last_seen_at = %(now)s::timestamptz
    FROM live
    WHERE s.token_hash = live.token_hash
      AND (live.last_seen_at IS NULL
           OR live.last_seen_at < %(now)s::timestamptz - interval '1 minute')
)
SELECT EXISTS (SELECT 1 FROM live)
