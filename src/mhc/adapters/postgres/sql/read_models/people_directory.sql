-- One page of the people directory, without a name search. Run unprepared, so each
-- execution is planned with its actual parameters and the unused filters and sort keys fold
-- away.
WITH {{directory_spend}},
page AS (
    SELECT f.*, count(*) OVER () AS total
    FROM (SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
                 COALESCE(sp.tokens, 0) AS spend
          FROM persons p
          LEFT JOIN spend sp ON sp.person_id = p.id
          WHERE {{directory_filters}}) AS f
    ORDER BY {{directory_order}}
    LIMIT %(limit)s::integer OFFSET %(offset)s::integer
)
{{directory_entries}}
