-- A session's totals and one page of its interactions (excluded persons left out), oldest
-- first; no row when the session does not exist.
SELECT json_build_object(
    'summary', {{session_summary}},
    'interactions', json_build_object(
        -- The excluded persons are a handful (a partial index): a join to persons here would
        -- hash every person to count one session's rows.
        'total', (SELECT count(*) FROM interactions i
                  WHERE i.stream_session_id = s.id
                    AND i.person_id NOT IN (SELECT x.id FROM persons x WHERE x.is_excluded)
                    AND (%(types)s::text[] IS NULL OR i.type = ANY (%(types)s::text[]))),
        'limit', %(limit)s::integer,
        'offset', %(offset)s::integer,
        'items', COALESCE(
            (SELECT json_agg(
                        {{interaction}}::jsonb || jsonb_build_object('username', i.username)
                        ORDER BY i.occurred_at, i.id)
             FROM (SELECT i.*, p.username FROM interactions i
                   JOIN persons p ON p.id = i.person_id AND NOT p.is_excluded
                   WHERE i.stream_session_id = s.id
                     AND (%(types)s::text[] IS NULL OR i.type = ANY (%(types)s::text[]))
                   ORDER BY i.occurred_at, i.id
                   LIMIT %(limit)s::integer OFFSET %(offset)s::integer) i),
            '[]'::json))
)::text
FROM stream_sessions s
CROSS JOIN {{session_stats}}
WHERE s.id = %(session_id)s::bigint
