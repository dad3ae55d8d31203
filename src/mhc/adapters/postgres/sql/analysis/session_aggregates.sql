-- One session of the owner's room, seen from the people in it. The broadcaster's own events
-- are left out, and so are excluded persons unless %(include_excluded)s.
WITH s AS (
    SELECT id, broadcaster, started_at, ended_at
    FROM stream_sessions
    WHERE id = %(session_id)s
),
i AS MATERIALIZED (
    SELECT
        i.id,
        i.person_id,
        p.username,
        i.type,
        i.source,
        i.occurred_at,
        round({{tip_tokens}})::bigint AS tokens
    FROM s
    JOIN interactions i ON i.stream_session_id = s.id
    JOIN persons p ON p.id = i.person_id
    WHERE p.username <> s.broadcaster
      AND i.type = ANY(%(activity_types)s::text[])
      AND (%(include_excluded)s OR NOT p.is_excluded)
),
people AS (
    SELECT
        i.person_id,
        i.username,
        min(i.occurred_at) AS first_at,
        (array_agg(json_build_array(i.id, i.source) ORDER BY i.occurred_at, i.id))[1] AS first_seen,
        (array_agg(json_build_array(i.id, i.source) ORDER BY i.tokens DESC, i.occurred_at, i.id)
            FILTER (WHERE i.tokens IS NOT NULL))[1] AS largest_tip,
        count(i.tokens) AS tips,
        COALESCE(sum(i.tokens), 0)::bigint AS tokens,
        bool_or(i.type = 'USER_ENTER') AS entered,
        count(*) FILTER (WHERE i.type = 'CHAT_MESSAGE') AS chats
    FROM i
    GROUP BY i.person_id, i.username
),
history AS (
    SELECT
        pe.*,
        NOT EXISTS (
            SELECT 1 FROM interactions x, s
            WHERE x.person_id = pe.person_id
              AND x.occurred_at < s.started_at
              AND (x.type = ANY(%(activity_types)s::text[])
                   OR (x.type = 'CHAT_IMPORT' AND x.metadata ->> 'room' = s.broadcaster))
        ) AS is_new,
        (SELECT count(DISTINCT x.stream_session_id)
           FROM interactions x, s
          WHERE x.person_id = pe.person_id
            AND x.stream_session_id <> s.id
            AND x.occurred_at < s.started_at) AS prior_sessions
    FROM people pe
)
SELECT
    s.id,
    s.started_at,
    s.ended_at,
    (SELECT count(*) FROM i WHERE i.tokens IS NOT NULL) AS tip_count,
    (SELECT COALESCE(sum(tokens), 0)::bigint FROM people) AS tip_total,
    (SELECT count(*) FROM people WHERE tips > 0) AS tippers,
    (SELECT COALESCE(json_agg(json_build_array(t.person_id, t.username, t.tokens, t.tips,
                                               t.largest_tip)), '[]')
       FROM (SELECT * FROM people WHERE tips > 0
              ORDER BY tokens DESC, tips DESC, username LIMIT %(top_tippers)s) t) AS top_tippers,
    (SELECT COALESCE(array_agg(DISTINCT source), '{}') FROM i WHERE tokens IS NOT NULL)
        AS tip_sources,
    (SELECT count(*) FROM people WHERE entered) AS enterers,
    (SELECT count(*) FROM people WHERE entered AND tips > 0) AS enterers_who_tipped,
    (SELECT COALESCE(json_agg(json_build_array(e.id, e.source)), '[]')
       FROM (SELECT id, source FROM i WHERE type = 'USER_ENTER'
              ORDER BY occurred_at DESC, id DESC LIMIT %(evidence_cap)s) e) AS enter_evidence,
    (SELECT count(*) FROM history WHERE is_new) AS newcomer_count,
    (SELECT COALESCE(json_agg(json_build_array(h.person_id, h.username, h.first_seen, 0)), '[]')
       FROM (SELECT * FROM history WHERE is_new
              ORDER BY first_at, username LIMIT %(listed_people)s) h) AS newcomers,
    (SELECT count(*) FROM history WHERE prior_sessions >= %(regular_min_prior_sessions)s)
        AS regular_count,
    (SELECT COALESCE(json_agg(json_build_array(h.person_id, h.username, h.first_seen,
                                               h.prior_sessions)), '[]')
       FROM (SELECT * FROM history WHERE prior_sessions >= %(regular_min_prior_sessions)s
              ORDER BY prior_sessions DESC, username LIMIT %(listed_people)s) h) AS regulars,
    (SELECT count(*) FROM i WHERE type = 'CHAT_MESSAGE') AS chat_messages,
    (SELECT count(*) FROM people WHERE chats > 0) AS chatters,
    (SELECT count(*) FROM i WHERE type = 'PRIVATE_MESSAGE') AS private_messages,
    (SELECT COALESCE(array_agg(DISTINCT source), '{}') FROM i
      WHERE type = 'CHAT_MESSAGE') AS chat_sources,
    (SELECT COALESCE(json_agg(json_build_array(e.id, e.source)), '[]')
       FROM (SELECT id, source FROM i WHERE type = 'CHAT_MESSAGE'
              ORDER BY occurred_at DESC, id DESC LIMIT %(evidence_cap)s) e) AS chat_evidence,
    {{session_listening}}::text AS listening
FROM s
