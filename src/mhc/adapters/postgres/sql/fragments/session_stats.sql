-- Totals of one session `s`, leaving out excluded persons and the broadcaster's own events.
-- session_totals keeps the session's sums over everyone as rows arrive; the share of the
-- excluded persons (a small set, hashed once per statement from a partial index) and of the
-- broadcaster is subtracted from their rows of session_person_totals, so a read costs one
-- session's people, never its events, whoever is excluded now. The top five walk the
-- session's tippers only.
LATERAL (
    WITH owner AS (
        SELECT o.id FROM persons o
        WHERE o.platform = s.platform AND lower(o.username) = lower(s.broadcaster)
    ), share AS (
        SELECT COALESCE(sum(round(l.tip_tokens)), 0) AS tokens,
               COALESCE(sum(l.tips), 0) AS tips,
               count(*) FILTER (WHERE l.tips > 0) AS tippers,
               count(*) AS visitors,
               COALESCE(sum(l.follows), 0) AS follows,
               COALESCE(sum(l.unfollows), 0) AS unfollows,
               COALESCE(sum(l.chat_messages), 0) AS chat_messages,
               COALESCE(sum(l.private_messages), 0) AS private_messages
        FROM session_person_totals l
        WHERE l.session_id = s.id
          AND (l.person_id IN (SELECT x.id FROM persons x WHERE x.is_excluded)
               OR l.person_id = (SELECT id FROM owner))
    ), tippers AS (
        SELECT t.person_id, round(t.tip_tokens)::bigint AS tokens
        FROM session_person_totals t
        WHERE t.session_id = s.id AND t.tips > 0
          AND t.person_id NOT IN (SELECT x.id FROM persons x WHERE x.is_excluded)
          AND t.person_id IS DISTINCT FROM (SELECT id FROM owner)
    )
    SELECT
        (COALESCE(st.tokens, 0) - share.tokens)::bigint AS tokens,
        (COALESCE(st.tips, 0) - share.tips)::bigint AS tip_count,
        (COALESCE(st.tippers, 0) - share.tippers)::bigint AS tippers,
        (COALESCE(st.follows, 0) - share.follows)::bigint AS new_followers,
        (COALESCE(st.unfollows, 0) - share.unfollows)::bigint AS unfollows,
        (COALESCE(st.chat_messages, 0) - share.chat_messages)::bigint AS chat_messages,
        (COALESCE(st.private_messages, 0) - share.private_messages)::bigint AS private_messages,
        (COALESCE(st.visitors, 0) - share.visitors)::bigint AS unique_visitors,
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
    FROM share
    LEFT JOIN session_totals st ON st.session_id = s.id
) stats
