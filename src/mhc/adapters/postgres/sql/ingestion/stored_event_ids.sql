SELECT source_event_id
FROM interactions
WHERE source = %(source)s AND source_event_id = ANY(%(event_ids)b::text[])
