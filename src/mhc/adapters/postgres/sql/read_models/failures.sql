-- One page of the api_failures log, newest first.
SELECT json_build_object(
    'total', (SELECT count(*) FROM api_failures),
    'limit', %(limit)s::integer,
    'offset', %(offset)s::integer,
    'items', COALESCE(
        (SELECT json_agg(f ORDER BY f.occurred_at DESC, f.id DESC)
         FROM (SELECT id, service, endpoint, status, message, occurred_at
               FROM api_failures
               ORDER BY occurred_at DESC, id DESC
               LIMIT %(limit)s::integer OFFSET %(offset)s::integer) f),
        '[]'::json)
)::text
