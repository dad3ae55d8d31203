-- The filters of an interaction history (domain.models.InteractionFilters) on interaction i:
-- NULL means "any"; since <= occurred_at < until (the end is exclusive).
(%(types)s::text[] IS NULL OR i.type = ANY (%(types)s::text[]))
AND (%(sources)s::text[] IS NULL OR i.source = ANY (%(sources)s::text[]))
AND (%(since)s::timestamptz IS NULL OR i.occurred_at >= %(since)s::timestamptz)
AND (%(until)s::timestamptz IS NULL OR i.occurred_at < %(until)s::timestamptz)
AND (%(session_id)s::bigint IS NULL OR i.stream_session_id = %(session_id)s::bigint)
