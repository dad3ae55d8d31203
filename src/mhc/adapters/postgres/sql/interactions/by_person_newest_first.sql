-- One page of a person's interactions, newest first, filtered (until exclusive).
SELECT i.id, i.person_id, i.stream_session_id, i.type, i.content, i.occurred_at, i.source,
       i.metadata, i.source_event_id, i.created_at
FROM interactions i
WHERE i.person_id = %(person_id)s::bigint
  AND {{interaction_filters}}
ORDER BY i.occurred_at DESC, i.id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
