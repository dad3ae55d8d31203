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
RETURNING id, person_id, alias, platform, valid_from, valid_to
