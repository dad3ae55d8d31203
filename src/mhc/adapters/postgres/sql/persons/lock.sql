-- The persons named (by username or current alias), locked for this transaction in the order
-- of their ids, as a worker's batch touches its persons: the row lock an UPDATE takes, so the
-- touches that follow wait for nobody. Both lookups use their unique index on lower(name).
SELECT p.id
FROM persons AS p
WHERE p.id IN (
    SELECT own.id
    FROM persons AS own
    WHERE own.platform = %(platform)s::text AND lower(own.username) = ANY (%(usernames)s::text[])
    UNION ALL
    SELECT a.person_id
    FROM person_aliases AS a
    WHERE a.platform = %(platform)s::text
      AND lower(a.alias) = ANY (%(usernames)s::text[])
      AND a.valid_to IS NULL
)
ORDER BY p.id
FOR NO KEY UPDATE OF p
