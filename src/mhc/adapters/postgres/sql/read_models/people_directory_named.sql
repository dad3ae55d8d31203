-- One page of the people directory for a name search: the persons whose username or alias
-- starts with the prefix (two index range scans) drive the query. Run unprepared, like the
-- directory without a search.
WITH {{directory_spend}},
named AS (
    SELECT id FROM persons WHERE username LIKE %(prefix)s::text
    UNION
    SELECT person_id FROM person_aliases WHERE alias LIKE %(prefix)s::text
),
page AS (
    SELECT f.*, count(*) OVER () AS total
    FROM (SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
                 COALESCE(sp.tokens, 0) AS spend
          FROM named
          JOIN persons p ON p.id = named.id
          LEFT JOIN spend sp ON sp.person_id = p.id
          WHERE {{directory_filters}}) AS f
    ORDER BY {{directory_order}}
    LIMIT %(limit)s::integer OFFSET %(offset)s::integer
)
{{directory_entries}}
