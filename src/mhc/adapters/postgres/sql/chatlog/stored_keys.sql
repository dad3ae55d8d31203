-- The pasted messages among these source event ids that are stored already (the unique index
-- on (source, source_event_id) answers each one).
SELECT i.source_event_id
FROM interactions i
WHERE i.source = 'paste' AND i.source_event_id = ANY (%(keys)s::text[])
