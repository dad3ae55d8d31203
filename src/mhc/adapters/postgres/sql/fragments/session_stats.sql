-- Totals of one session `s`, leaving out excluded persons and the broadcaster's own events.
-- One pass over the session's rows; the excluded persons are a small set hashed once.
LATERAL (
    WITH counted AS (
        SELECT i.person_id, i.type, {{tip_tokens}} AS tokens
        FROM interactions i
        WHERE i.stream_session_id = s.id
          AND i.person_id NOT IN (SELECT x.id FROM persons x WHERE x.is_excluded)
          AND i.person_id IS DISTINCT FROM (
              SELECT o.id FROM persons o
              WHERE o.platform = s.platform AND lower(o.username) = lower(s.broadcaster))
    ), tippers AS (
        SELECT c.person_id, COALESCE(round(sum(c.tokens)), 0)::bigint AS tokens, count(*) AS tips
        FROM counted c
        WHERE c.type = 'TIP'
        GROUP BY c.person_id
    )
    SELECT
        (SELECT COALESCE(sum(t.tokens), 0)::bigint FROM tippers t) AS tokens,
        (SELECT COALESCE(sum(t.tips), 0)::bigint FROM tippers t) AS tip_count,
        (SELECT count(*) FROM tippers) AS tippers,
        count(*) FILTER (WHERE c.type = 'FOLLOW') AS new_followers,
        count(*) FILTER (WHERE c.type = 'UNFOLLOW') AS unfollows,
        count(*) FILTER (WHERE c.type = 'CHAT_MESSAGE') AS chat_messages,
        count(*) FILTER (WHERE c.type = 'PRIVATE_MESSAGE') AS private_messages,
        (SELECT count(*) FROM (SELECT DISTINCT v.person_id FROM counted v) AS d)
            AS unique_visitors,
        COALESCE(
            (SELECT json_agg(json_build_object(
                        'person_id', top.person_id, 'username', top.username, 'tokens', top.tokens)
                    ORDER BY top.tokens DESC, top.username)
             FROM (SELECT t.person_id, p.username, t.tokens
                   FROM tippers t JOIN persons p ON p.id = t.person_id
                   -- Only the tippers tied with the fifth biggest or above need a name.
                   WHERE t.tokens >= COALESCE(
                       (SELECT k.tokens FROM tippers k ORDER BY k.tokens DESC OFFSET 4 LIMIT 1),
                       0)
                   ORDER BY t.tokens DESC, p.username
                   LIMIT 5) AS top),
            '[]'::json) AS top_tippers
    FROM counted c
) stats
