-- One page of the people directory for a search: the persons whose username, alias, note or
-- tag contains the text drive the query, found through the GIN index of person_search (see its
-- migration) and checked against the text itself. Run unprepared, like the directory without a
-- search, so the pieces of the text are computed once, when the query is planned.
WITH named AS MATERIALIZED (
    SELECT s.person_id AS id
    FROM person_search s
    WHERE s.grams @> search_key_grams(lower(%(search)s::text))
      AND strpos(s.document, lower(%(search)s::text)) > 0
),
matches AS MATERIALIZED (
    SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
           round(t.tip_tokens) AS spend
    FROM named
    JOIN persons p ON p.id = named.id
    JOIN person_totals t ON t.person_id = p.id
    WHERE {{directory_filters}}
),
page AS (
    SELECT f.*
    FROM matches AS f
    ORDER BY {{directory_order}}
    LIMIT %(limit)s::integer OFFSET %(offset)s::integer
),
counted AS (
    SELECT count(*) AS total, true AS total_is_exact FROM matches
)
{{directory_entries}}
