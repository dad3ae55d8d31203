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
LIMIT 1
