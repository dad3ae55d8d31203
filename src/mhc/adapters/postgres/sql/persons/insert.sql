INSERT INTO persons (username, platform, role, is_excluded, first_seen_at, last_seen_at)
VALUES (
    %(username)s::text, %(platform)s::text, %(role)s::text, %(is_excluded)s::boolean,
    %(seen_at)s::timestamptz, %(seen_at)s::timestamptz
)
RETURNING id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
          created_at, updated_at
