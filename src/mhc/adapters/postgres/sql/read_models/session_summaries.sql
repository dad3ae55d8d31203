-- One page of the broadcaster's sessions with their totals, newest first.
SELECT json_build_object(
    'total', (SELECT count(*) FROM stream_sessions WHERE broadcaster = %(broadcaster)s::text),
    'limit', %(limit)s::integer,
    'offset', %(offset)s::integer,
    'items', COALESCE(
        (SELECT json_agg({{session_summary}} ORDER BY s.started_at DESC, s.id DESC)
         FROM (SELECT * FROM stream_sessions
               WHERE broadcaster = %(broadcaster)s::text
               ORDER BY started_at DESC, id DESC
               LIMIT %(limit)s::integer OFFSET %(offset)s::integer) s
         CROSS JOIN {{session_stats}}),
        '[]'::json)
)::text
