-- One page of the people directory for a search: the persons whose username, alias, note or
-- tag contains the text, found through the GIN index of person_search (see its migration) and
-- checked against the text itself. Run unprepared, like the directory without a search, so the
-- pieces of the text are computed once, when the query is planned.
--
-- Up to count_limit matches are collected first (a thousand past the offset). When that is all
-- of them, the page is sorted from them and they are counted exactly. When there are more (a
-- fragment as common as "fo" in a database of years), collecting and sorting every match would
-- grow with the database: the page walks the sort key's index instead, checking each person
-- against the text (the planner picks that walk for a fragment its statistics call common), and
-- the total counts up to count_limit matches, which the page shows as "more than".
WITH named AS MATERIALIZED (
    SELECT s.person_id AS id
    FROM person_search s
    WHERE {{search_match}}
    LIMIT %(count_limit)s::bigint
),
-- Whether `named` holds every match (it stopped short of count_limit).
named_complete AS MATERIALIZED (
    SELECT count(*) < %(count_limit)s::bigint AS every_match FROM named
),
matches AS MATERIALIZED (
    SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
           round(t.tip_tokens) AS spend
    FROM named
    JOIN persons p ON p.id = named.id
    JOIN person_totals t ON t.person_id = p.id
    WHERE (SELECT every_match FROM named_complete) AND {{directory_filters}}
),
-- One branch runs: the other's one-time condition is false.
page AS (
    (SELECT f.*
     FROM matches AS f
     ORDER BY {{directory_order}}
     LIMIT %(limit)s::integer OFFSET %(offset)s::integer)
    UNION ALL
    (SELECT f.*
     FROM (SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
                  round(t.tip_tokens) AS spend
           FROM persons p
           JOIN person_search s ON s.person_id = p.id
           LEFT JOIN person_totals t ON t.person_id = p.id
           WHERE NOT (SELECT every_match FROM named_complete)
             AND {{search_match}}
             AND {{directory_filters}}
             AND (%(sort)s::text <> 'spend' OR t.tip_tokens IS NOT NULL)) AS f
     ORDER BY {{directory_order}}
     LIMIT %(limit)s::integer OFFSET %(offset)s::integer)
),
-- Materialized: counted once, though `counted` reads it twice.
total AS MATERIALIZED (
    SELECT CASE WHEN (SELECT every_match FROM named_complete) THEN (SELECT count(*) FROM matches)
           ELSE (SELECT count(*)
                 FROM (SELECT
                       FROM person_search s
                       JOIN persons p ON p.id = s.person_id
                       LEFT JOIN person_totals t ON t.person_id = p.id
                       WHERE {{search_match}}
                         AND {{directory_filters}}
                       LIMIT %(count_limit)s::bigint) AS found) END AS total
),
counted AS (
    SELECT total.total, total.total < %(count_limit)s::bigint AS total_is_exact FROM total
)
{{directory_entries}}
