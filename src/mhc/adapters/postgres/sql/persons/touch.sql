-- last_seen_at only moves forward: late or replayed events must not make a person look older.
UPDATE persons
SET role = %(role)s::text,
    last_seen_at = GREATEST(last_seen_at, %(seen_at)s::timestamptz),
    updated_at = now()
WHERE id = %(person_id)s::bigint
RETURNING id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
          created_at, updated_at
