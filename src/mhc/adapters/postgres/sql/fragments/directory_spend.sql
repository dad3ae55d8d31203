spend AS (
    -- Tips per person, summed only when the sort or a filter needs them (a folded-away
    -- constant otherwise).
    SELECT i.person_id, COALESCE(round(sum({{tip_tokens}})), 0)::bigint AS tokens
    FROM interactions i
    WHERE %(needs_spend)s::boolean AND i.type = 'TIP'
    GROUP BY i.person_id
)
