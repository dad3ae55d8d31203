-- The persons some normalised usernames name, in their order: by username, else by a current
-- alias (a username wins over somebody's alias of the same name). Each name costs two unique
-- index probes; names nobody has are left out.
SELECT wanted.name, {{person}}::text
FROM unnest(%(names)s::text[]) WITH ORDINALITY AS wanted (name, position)
CROSS JOIN LATERAL (
    SELECT matched.id
    FROM (
        SELECT 1 AS rank, known.id
        FROM persons known
        WHERE known.platform = %(platform)s::text AND lower(known.username) = wanted.name
        UNION ALL
        SELECT 2 AS rank, a.person_id
        FROM person_aliases a
        WHERE a.platform = %(platform)s::text AND lower(a.alias) = wanted.name
          AND a.valid_to IS NULL
    ) AS matched
    ORDER BY matched.rank
    LIMIT 1
) AS hit
JOIN persons p ON p.id = hit.id
ORDER BY wanted.position
