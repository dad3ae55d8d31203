-- Totals of one session `s`, leaving out excluded persons and the broadcaster's own events.
LATERAL (
    SELECT
        COALESCE(round(sum({{tip_tokens}})), 0)::bigint AS tokens,
        count(*) FILTER (WHERE i.type = 'TIP') AS tip_count,
        count(DISTINCT i.person_id) FILTER (WHERE i.type = 'TIP') AS tippers,
        count(*) FILTER (WHERE i.type = 'FOLLOW') AS new_followers,
        count(*) FILTER (WHERE i.type = 'UNFOLLOW') AS unfollows,
        count(*) FILTER (WHERE i.type = 'CHAT_MESSAGE') AS chat_messages,
        count(*) FILTER (WHERE i.type = 'PRIVATE_MESSAGE') AS private_messages,
        count(DISTINCT i.person_id) AS unique_visitors
    FROM interactions i
    JOIN persons p ON p.id = i.person_id AND NOT p.is_excluded AND p.username <> s.broadcaster
    WHERE i.stream_session_id = s.id
) stats
