SELECT id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
       created_at, updated_at
FROM persons
WHERE id = %(person_id)s::bigint
