-- One page of a person's interactions, filtered; no row when the person does not exist.
-- Run unprepared, so each execution is planned with its actual filters.
SELECT json_build_object(
    'total', (SELECT count(*) FROM interactions i
              WHERE i.person_id = p.id AND {{interaction_filters}}),
    'limit', %(limit)s::integer,
    'offset', %(offset)s::integer,
    'items', COALESCE(
        (SELECT json_agg({{interaction}} ORDER BY i.position)
         FROM (SELECT i.*, row_number() OVER (
                   ORDER BY
                       CASE WHEN %(newest_first)s::boolean THEN i.occurred_at END DESC,
                       CASE WHEN %(newest_first)s::boolean THEN i.id END DESC,
                       CASE WHEN NOT %(newest_first)s::boolean THEN i.occurred_at END ASC,
                       CASE WHEN NOT %(newest_first)s::boolean THEN i.id END ASC) AS position
               FROM interactions i
               WHERE i.person_id = p.id AND {{interaction_filters}}
               ORDER BY position
               LIMIT %(limit)s::integer OFFSET %(offset)s::integer) i),
        '[]'::json)
)::text
FROM persons p
WHERE p.id = %(person_id)s::bigint
