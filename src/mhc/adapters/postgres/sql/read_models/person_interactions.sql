-- One page of a person's interactions, filtered; no row when the person does not exist.
-- Run unprepared, so each execution is planned with its actual filters: the sort's CASE keys
-- fold to plain columns, and the page's ids come from a walk of the person's index in that
-- order (an index-only scan that stops after offset + limit entries) before the page's rows
-- are read by primary key. Numbering the whole history to cut a page out of it would sort
-- every row the person ever had.
SELECT json_build_object(
    -- Unfiltered, the total is kept in person_totals; a filter counts its matches.
    'total', CASE
        WHEN %(types)s::text[] IS NULL AND %(sources)s::text[] IS NULL
             AND %(since)s::timestamptz IS NULL AND %(until)s::timestamptz IS NULL
             AND %(session_id)s::bigint IS NULL
        THEN COALESCE((SELECT t.interactions FROM person_totals t WHERE t.person_id = p.id), 0)
        ELSE (SELECT count(*) FROM interactions i
              WHERE i.person_id = p.id AND {{interaction_filters}}) END,
    'limit', %(limit)s::integer,
    'offset', %(offset)s::integer,
    'items', COALESCE(
        (SELECT json_agg({{interaction}} ORDER BY
                    CASE WHEN %(newest_first)s::boolean THEN i.occurred_at END DESC,
                    CASE WHEN %(newest_first)s::boolean THEN i.id END DESC,
                    CASE WHEN NOT %(newest_first)s::boolean THEN i.occurred_at END ASC,
                    CASE WHEN NOT %(newest_first)s::boolean THEN i.id END ASC)
         FROM (SELECT i.id
               FROM interactions i
               WHERE i.person_id = p.id AND {{interaction_filters}}
               ORDER BY
                   CASE WHEN %(newest_first)s::boolean THEN i.occurred_at END DESC,
                   CASE WHEN %(newest_first)s::boolean THEN i.id END DESC,
                   CASE WHEN NOT %(newest_first)s::boolean THEN i.occurred_at END ASC,
                   CASE WHEN NOT %(newest_first)s::boolean THEN i.id END ASC
               LIMIT %(limit)s::integer OFFSET %(offset)s::integer) AS page
         JOIN interactions i ON i.id = page.id),
        '[]'::json)
)::text
FROM persons p
WHERE p.id = %(person_id)s::bigint
