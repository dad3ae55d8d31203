-- One page of the people directory, without a name search. Run unprepared, so each
-- execution is planned with its actual parameters and the unused filters and sort keys fold
-- away: the page is a walk of the index of its sort key (last seen, first seen, username, spend
-- in person_totals) that stops after offset + limit persons. Without a filter, or with only the
-- role or the excluded filter, the total is a sum of person_counts; other filters count their
-- matches on their own, without building or sorting any row, and stop at count_limit (a
-- thousand past the offset: a broad filter costs the same in a database of any size).
WITH page AS (
    SELECT f.*
    FROM (SELECT p.id, p.username, p.first_seen_at, p.last_seen_at,
                 round(t.tip_tokens) AS spend
          FROM persons p
          LEFT JOIN person_totals t ON t.person_id = p.id
          WHERE {{directory_filters}}
            -- Every person has a totals row. Sorted by spend, this strict condition makes the
            -- join an inner one, which the planner may drive from the spend index; otherwise it
            -- folds away, and so does the join (nothing reads it), so a deep page walks only
            -- the sort key's index.
            AND (%(sort)s::text <> 'spend' OR t.tip_tokens IS NOT NULL)) AS f
    ORDER BY {{directory_order}}
    LIMIT %(limit)s::integer OFFSET %(offset)s::integer
), kept AS MATERIALIZED (
    SELECT CASE
        WHEN %(watchlist_id)s::bigint IS NULL AND %(seen_since)s::timestamptz IS NULL
             AND %(min_spend)s::bigint IS NULL
        THEN (SELECT COALESCE(sum(c.persons), 0)
              FROM person_counts c
              WHERE (%(role)s::text IS NULL OR c.role = %(role)s::text)
                AND CASE WHEN %(excluded)s::boolean IS NULL THEN NOT c.is_excluded
                         ELSE c.is_excluded = %(excluded)s::boolean END) END AS total
), matching AS MATERIALIZED (
    -- Materialized, as `kept` is: counted once, though `counted` reads each twice.
    SELECT CASE WHEN (SELECT total FROM kept) IS NULL
        THEN (SELECT count(*)
              FROM (SELECT
                    FROM persons p
                    LEFT JOIN person_totals t ON t.person_id = p.id
                    WHERE {{directory_filters}}
                    LIMIT %(count_limit)s::bigint) AS matches) END AS total
), counted AS (
    SELECT COALESCE(kept.total, matching.total) AS total,
           kept.total IS NOT NULL OR matching.total < %(count_limit)s::bigint AS total_is_exact
    FROM kept, matching
)
{{directory_entries}}
