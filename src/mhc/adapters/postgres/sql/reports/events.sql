-- Every interaction linked to the session, oldest first. A private message the broadcaster
-- sent is stored on the other party: `from_owner` marks it.
SELECT i.id, i.person_id, i.type, i.occurred_at, i.content,
       round({{tip_tokens}})::bigint AS tokens,
       (i.type = 'PRIVATE_MESSAGE'
        AND lower(i.metadata ->> 'fromUser') IS NOT DISTINCT FROM lower(%(broadcaster)s::text))
           AS from_owner
FROM interactions i
WHERE i.stream_session_id = %(session_id)s::bigint
ORDER BY i.occurred_at, i.id
