-- The columns of a room event (domain.radar.RoomEvent), of interaction i and its person p.
i.id,
i.type,
i.occurred_at,
i.person_id,
p.username,
i.content,
CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
     THEN round((i.metadata ->> 'tokens')::numeric)::bigint END AS tokens,
i.stream_session_id AS session_id
