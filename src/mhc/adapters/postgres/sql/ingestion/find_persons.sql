-- Each wanted name, matched against usernames first and then aliases (current ones first).
WITH wanted AS (
    SELECT DISTINCT username FROM unnest(%(usernames)b::text[]) AS w(username)
),
matched AS (
    SELECT
        w.username,
        COALESCE(
            (SELECT p.id FROM persons p
             WHERE p.platform = %(platform)s AND lower(p.username) = w.username),
            (SELECT a.person_id FROM person_aliases a
             WHERE a.platform = %(platform)s AND lower(a.alias) = w.username
             ORDER BY (a.valid_to IS NULL) DESC, a.valid_from DESC
             LIMIT 1)
        ) AS person_id
    FROM wanted w
)
SELECT m.username, p.id, p.role, p.last_seen_at
FROM matched m
JOIN persons p ON p.id = m.person_id
