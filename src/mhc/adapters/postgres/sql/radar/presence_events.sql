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
-- Each person's arrival: their first move after the newest leave among their moves. One sort by
-- person, no join: joining the moves to each person's last leave was planned as a nested loop
-- whenever the statistics had not yet seen the rows of the show, which during a show they never
-- have (the show's moves estimated at one row, the join was moves x leavers: 0.5 s for 16k).
arrivals AS (
    SELECT min(m.id) AS id
    FROM (
        SELECT id, person_id, type,
               max(id) FILTER (WHERE type = 'USER_LEAVE') OVER (PARTITION BY person_id)
                   AS last_leave
        FROM moves
    ) m
    WHERE m.type <> 'USER_LEAVE' AND m.id > COALESCE(m.last_leave, 0)
    GROUP BY m.person_id
)
SELECT {{room_event}}
FROM interactions i
JOIN persons p ON p.id = i.person_id
WHERE i.id IN (SELECT id FROM arrivals)
  AND NOT p.is_excluded
  AND p.username <> %(owner)s::text
ORDER BY i.id
