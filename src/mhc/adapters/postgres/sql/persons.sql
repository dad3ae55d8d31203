-- name: get
SELECT id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
       created_at, updated_at
FROM persons
WHERE id = %(person_id)s::bigint;

-- name: find_by_username
-- The person's own username wins over somebody's current alias of the same name.
-- Two index lookups (UNION ALL) instead of one OR, which would scan the whole table.
SELECT p.id, p.username, p.platform, p.role, p.rid, p.did, p.first_seen_at, p.last_seen_at,
       p.is_excluded, p.created_at, p.updated_at
FROM (
    SELECT own.id, 0 AS rank
    FROM persons AS own
    WHERE own.platform = %(platform)s::text AND lower(own.username) = lower(%(username)s::text)
    UNION ALL
    SELECT a.person_id, 1 AS rank
    FROM person_aliases AS a
    WHERE a.platform = %(platform)s::text
      AND lower(a.alias) = lower(%(username)s::text)
      AND a.valid_to IS NULL
) AS found
JOIN persons AS p ON p.id = found.id
ORDER BY found.rank
LIMIT 1;

-- name: insert
INSERT INTO persons (username, platform, role, is_excluded, first_seen_at, last_seen_at)
VALUES (
    %(username)s::text, %(platform)s::text, %(role)s::text, %(is_excluded)s::boolean,
    %(seen_at)s::timestamptz, %(seen_at)s::timestamptz
)
RETURNING id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
          created_at, updated_at;

-- name: touch
-- last_seen_at only moves forward: late or replayed events must not make a person look older.
UPDATE persons
SET role = %(role)s::text,
    last_seen_at = GREATEST(last_seen_at, %(seen_at)s::timestamptz),
    updated_at = now()
WHERE id = %(person_id)s::bigint
RETURNING id, username, platform, role, rid, did, first_seen_at, last_seen_at, is_excluded,
          created_at, updated_at;

-- name: set_external_ids
-- A missing id (NULL) keeps the one already known.
UPDATE persons
SET rid = COALESCE(%(rid)s::bigint, rid),
    did = COALESCE(%(did)s::bigint, did),
    updated_at = now()
WHERE id = %(person_id)s::bigint;

-- name: add_alias
-- Inserts nothing when the name is already a username or an alias (of anyone) on the platform.
INSERT INTO person_aliases (person_id, alias, platform)
SELECT %(person_id)s::bigint, %(alias)s::text, %(platform)s::text
WHERE NOT EXISTS (
    SELECT 1
    FROM persons
    WHERE platform = %(platform)s::text
      AND lower(username) = lower(%(alias)s::text)
)
ON CONFLICT (platform, lower(alias)) DO NOTHING
RETURNING id, person_id, alias, platform, valid_from, valid_to;

-- name: list_aliases
SELECT id, person_id, alias, platform, valid_from, valid_to
FROM person_aliases
WHERE person_id = %(person_id)s::bigint
ORDER BY valid_from, id;
