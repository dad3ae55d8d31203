-- One page of a person's snapshots, oldest first; no row when the person does not exist.
SELECT json_build_object(
    'total', (SELECT count(*) FROM snapshots s
              WHERE s.person_id = p.id
                AND (%(source)s::text IS NULL OR s.source = %(source)s::text)),
    'limit', %(limit)s::integer,
    'offset', %(offset)s::integer,
    'items', COALESCE(
        (SELECT json_agg(
                    {{snapshot}}::jsonb || jsonb_build_object(
                        'raw_payload', CASE WHEN %(include_raw)s::boolean THEN sn.raw_payload END)
                    ORDER BY sn.captured_at, sn.id)
         FROM (SELECT * FROM snapshots s
               WHERE s.person_id = p.id
                 AND (%(source)s::text IS NULL OR s.source = %(source)s::text)
               ORDER BY s.captured_at, s.id
               LIMIT %(limit)s::integer OFFSET %(offset)s::integer) sn),
        '[]'::json)
)::text
FROM persons p
WHERE p.id = %(person_id)s::bigint
