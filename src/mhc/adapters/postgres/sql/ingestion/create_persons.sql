-- A name taken meanwhile by another transaction is skipped here and found on the next look-up.
INSERT INTO persons (username, platform, role, is_excluded, first_seen_at, last_seen_at)
SELECT n.username, %(platform)s, n.role, n.is_excluded, n.first_seen_at, n.last_seen_at
FROM unnest(
    %(usernames)b::text[],
    %(roles)b::text[],
    %(excluded)b::boolean[],
    %(first_seen)b::timestamptz[],
    %(last_seen)b::timestamptz[]
) AS n(username, role, is_excluded, first_seen_at, last_seen_at)
ORDER BY n.username
ON CONFLICT (platform, lower(username)) DO NOTHING
RETURNING id, username, is_excluded
