-- The moves that put people in the room or take them out, after move `after`, in the order
-- they happened (kept_presence.py folds them: a person is in from their first sign after their
-- last leave). Any sign of them (an enter, a chat, a tip, a private message, a follow...) counts
-- and a leave takes them out; only events after the reset and inside the presence window, and
-- not a private message the owner sent, which does not put its addressee in the room.
-- Walking the primary key from `after` reads only what came since the fold was last kept, however
-- long the show has been going.
SELECT i.id, i.person_id, i.type = 'USER_LEAVE'
FROM interactions i
WHERE i.id > %(after)s::bigint
  AND i.type = ANY (%(types)s::text[])
  AND i.source = 'cb_events'
  AND i.occurred_at >= %(since)s::timestamptz
  AND NOT (i.type = 'PRIVATE_MESSAGE'
           AND lower(i.metadata ->> 'fromUser') = %(owner)s::text)
ORDER BY i.id
