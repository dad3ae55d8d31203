json_build_object(
    'id', i.id,
    'person_id', i.person_id,
    'session_id', i.stream_session_id,
    'type', i.type,
    'content', i.content,
    'occurred_at', i.occurred_at,
    'source', i.source,
    'metadata', i.metadata
)
