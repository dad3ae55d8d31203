SELECT json_build_object(
    'id', i.id,
    'person_id', i.person_id,
    'session_id', i.stream_session_id,
    'type', i.type,
    'content', i.content,
    'occurred_at', i.occurred_at,
    'source', i.source,
    'metadata', i.metadata,
    'username', p.username
)::text
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id = %(id)s::bigint
