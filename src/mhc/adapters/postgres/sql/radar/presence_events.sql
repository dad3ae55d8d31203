-- For each person in the room, the first event that put them there since they last left: any
-- sign of them (an enter, a chat, a tip, a private message, a follow...) counts, a leave takes
-- them out; only events after the reset and inside the presence window. Never the owner, and a
-- private message the owner sent does not put its addressee in the room. Who is left out
-- (excluded persons, the owner) is decided once per arrival, not once per move: a person's
-- arrival depends on their own moves alone.
WITH moves AS (
    SELECT i.id, i.person_id, i.type
    FROM interactions i
    WHERE i.type = ANY (%(types)s::text[])
      AND i.source = 'cb_events'
      AND i.occurred_at >= %(since)s::timestamptz
      AND i.id > %(reset_id)s::bigint
      AND NOT (i.type = 'PRIVATE_MESSAGE'
               AND lower(i.metadata ->> 'fromUser') = %(owner)s::text)
),
last_leave AS (
    SELECT person_id, max(id) AS id FROM moves WHERE type = 'USER_LEAVE' GROUP BY person_id
),
arrivals AS (
    SELECT DISTINCT ON (m.person_id) m.id
    FROM moves m
    LEFT JOIN last_leave l ON l.person_id = m.person_id
    WHERE m.type <> 'USER_LEAVE' AND m.id > COALESCE(l.id, 0)
    ORDER BY m.person_id, m.id
)
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id IN (SELECT id FROM arrivals)
  AND NOT p.is_excluded
  AND p.username <> %(owner)s::text
ORDER BY i.id
