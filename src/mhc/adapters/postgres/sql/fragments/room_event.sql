-- The columns of a room event (domain.radar.RoomEvent), of interaction i and its person p.
i.id,
i.type,
i.occurred_at,
i.person_id,
p.username,
i.content,
round({{tip_tokens}})::bigint AS tokens,
i.stream_session_id AS session_id
