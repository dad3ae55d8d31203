-- The earliest Events API interaction of the room, found through the (type, occurred_at)
-- index one type at a time rather than by reading every interaction.
SELECT min(first.occurred_at)
FROM unnest(%(types)s::text[]) AS t(type)
CROSS JOIN LATERAL (
    SELECT i.occurred_at
    FROM interactions i
    WHERE i.type = t.type
      AND i.source = 'cb_events'
      AND lower(coalesce(i.metadata -> 'raw' -> 'object' ->> 'broadcaster', %(room)s::text))
          = %(room)s::text
    ORDER BY i.occurred_at
    LIMIT 1
) AS first
