-- A person's messages and tips: the newest rows of each type (newest first, for the limit),
-- returned oldest first; the total of each type; the newest tip menu seen of them.
SELECT json_build_object(
    'username', p.username,
    'messages', COALESCE(
        (SELECT json_agg({{interaction}} ORDER BY i.occurred_at, i.id)
         FROM (VALUES ('PRIVATE_MESSAGE'), ('DIRECT_MESSAGE'), ('CHAT_MESSAGE'), ('CHAT_IMPORT'),
                      ('TIP')) AS kind (type)
         CROSS JOIN LATERAL (
             SELECT newest.id FROM interactions newest
             WHERE newest.person_id = p.id AND newest.type = kind.type
             ORDER BY newest.occurred_at DESC, newest.id DESC
             LIMIT %(limit)s::integer) AS picked
         JOIN interactions i ON i.id = picked.id),
        '[]'::json),
    'totals', COALESCE(
        (SELECT json_object_agg(counted.type, counted.total)
         FROM (SELECT i.type, count(*) AS total FROM interactions i
               WHERE i.person_id = p.id
                 AND i.type IN ('PRIVATE_MESSAGE', 'DIRECT_MESSAGE', 'CHAT_MESSAGE',
                                'CHAT_IMPORT', 'TIP')
               GROUP BY i.type) AS counted),
        '{}'::json),
    'tip_menu', (
        SELECT {{interaction}} FROM interactions i
        WHERE i.person_id = p.id AND i.type = 'TIP_MENU'
        ORDER BY i.occurred_at DESC, i.id DESC
        LIMIT 1)
)::text
FROM persons p
WHERE p.id = %(person_id)s::bigint
