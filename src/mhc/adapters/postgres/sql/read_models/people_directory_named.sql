-- One page of the people directory for a search: the persons whose username, alias, note or
-- tag contains the text drive the query, found through the GIN index of person_search (see its
-- migration) and checked against the text itself. Run unprepared, like the directory without a
-- search, so the pieces of the text are computed once, when the query is planned.
WITH {{directory_spend}},
named AS (
    SELECT s.person_id AS id
    FROM person_search s
    WHERE s.grams @> search_key_grams(lower(%(search)s::text))
      AND strpos(s.document, lower(%(search)s::text)) > 0
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
