-- One round trip per request: find the key and, at most once a minute, record its use
-- (a write on every request would cost a WAL flush each time).
WITH live AS (
    SELECT id, last_used_at FROM api_keys
    WHERE key_hash = %(key_hash)s AND revoked_at IS NULL
), used AS (
    UPDATE api_keys k SET last_used_at = %(now)s::timestamptz
    FROM live
    WHERE k.id = live.id
      AND (live.last_used_at IS NULL OR live.last_used_at < %(now)s::timestamptz - interval '1 minute')
)
SELECT id FROM live
