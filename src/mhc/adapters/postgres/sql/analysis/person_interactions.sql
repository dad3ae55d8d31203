-- Every interaction aggregate of one person, from one pass over their rows.
--
-- The pass folds the rows into groups of (local day, local hour, session, type, source, tip
-- amount), a few thousand even for 100,000 interactions; every figure below is computed from
-- the groups, which is what keeps a person's analysis fast. Local time is in %(timezone)s.
-- Evidence lists hold at most %(evidence_cap)s [id, source] pairs: the newest interaction of
-- each of the newest matching groups (or of the largest tips), so each cited row is real and
-- of the right kind. An excluded person yields empty aggregates unless %(include_excluded)s.
WITH g AS MATERIALIZED (
    SELECT
        local_at::date AS day,
        date_part('hour', local_at)::int AS hour,
        stream_session_id AS session_id,
        type,
        source,
        tokens,
        count(*) AS n,
        max(id) AS last_id,
        max(occurred_at) AS last_at,
        min(occurred_at) AS first_at
    FROM (
        SELECT
            i.id,
            i.stream_session_id,
            i.type,
            i.source,
            i.occurred_at,
            i.occurred_at AT TIME ZONE %(timezone)s AS local_at,
            CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
                 THEN round((i.metadata ->> 'tokens')::numeric)::bigint END AS tokens
        FROM interactions i
        JOIN persons p ON p.id = i.person_id
        WHERE i.person_id = %(person_id)s
          AND i.type = ANY(%(activity_types)s::text[])
          AND (%(include_excluded)s OR NOT p.is_excluded)
    ) rows
    GROUP BY 1, 2, 3, 4, 5, 6
),
totals AS (
    SELECT
        COALESCE(sum(n), 0)::bigint AS interactions,
        min(first_at) AS first_at,
        max(last_at) AS last_at,
        COALESCE(sum(n) FILTER (WHERE type = ANY(%(chat_types)s::text[])), 0)::bigint AS chats,
        COALESCE(sum(n) FILTER (WHERE type = 'PRIVATE_MESSAGE'), 0)::bigint AS privates,
        COALESCE(sum(n) FILTER (WHERE type = 'FOLLOW'), 0)::bigint AS follows,
        COALESCE(sum(n) FILTER (WHERE type = 'UNFOLLOW'), 0)::bigint AS unfollows,
        COALESCE(sum(n) FILTER (WHERE type = 'FANCLUB_JOIN'), 0)::bigint AS fanclub_joins,
        COALESCE(sum(n) FILTER (WHERE tokens IS NOT NULL), 0)::bigint AS tip_count,
        COALESCE(sum(tokens * n), 0)::bigint AS tip_total,
        max(tokens) AS tip_largest,
        min(first_at) FILTER (WHERE tokens IS NOT NULL) AS tip_first_at,
        max(last_at) FILTER (WHERE tokens IS NOT NULL) AS tip_last_at,
        count(DISTINCT day) AS active_days,
        COALESCE(array_agg(DISTINCT source), '{}') AS sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE type = ANY(%(chat_types)s::text[])), '{}')
            AS chat_sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE type = 'PRIVATE_MESSAGE'), '{}')
            AS private_sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE tokens IS NOT NULL), '{}')
            AS tip_sources
    FROM g
),
per_session AS (
    SELECT
        session_id,
        COALESCE(sum(n) FILTER (WHERE type = ANY(%(chat_types)s::text[])), 0) AS chats,
        COALESCE(sum(n) FILTER (WHERE tokens IS NOT NULL), 0) AS tips,
        max(last_id) AS last_id
    FROM g
    WHERE session_id IS NOT NULL
    GROUP BY session_id
)
SELECT
    t.*,
    -- The median of the tip amounts, each amount repeated as often as it was tipped.
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.tokens)
       FROM (SELECT tokens, sum(n)::int AS n FROM g WHERE tokens IS NOT NULL GROUP BY tokens) a,
            generate_series(1, a.n)) AS tip_median,
    (SELECT count(*) FROM per_session) AS sessions_attended,
    (SELECT count(*) FROM per_session WHERE tips > 0) AS sessions_tipped,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY chats) FROM per_session) AS median_chats,
    (SELECT count(*) FROM stream_sessions ss WHERE ss.broadcaster = %(broadcaster)s)
        AS owner_sessions_total,
    (SELECT count(*) FROM stream_sessions ss
      WHERE ss.broadcaster = %(broadcaster)s
        AND COALESCE(ss.ended_at, 'infinity') >= t.first_at) AS owner_sessions_since_first_seen,
    (SELECT COALESCE(json_agg(json_build_array(c.dow, c.hour, c.n)), '[]')
       FROM (SELECT extract(isodow FROM day)::int - 1 AS dow, hour, sum(n)::bigint AS n
               FROM g GROUP BY 1, 2) c) AS cells,
    (SELECT COALESCE(json_agg(json_build_array(m.month, m.n, m.tips, m.tokens, m.days)
                              ORDER BY m.month), '[]')
       FROM (SELECT to_char(day, 'YYYY-MM') AS month,
                    sum(n)::bigint AS n,
                    COALESCE(sum(n) FILTER (WHERE tokens IS NOT NULL), 0)::bigint AS tips,
                    COALESCE(sum(tokens * n), 0)::bigint AS tokens,
                    count(DISTINCT day) AS days
               FROM g GROUP BY 1) m) AS months,
    (SELECT COALESCE(json_agg(json_build_array(e.last_id, e.source)), '[]')
       FROM (SELECT last_id, source FROM g WHERE tokens IS NOT NULL
              ORDER BY tokens DESC, last_at DESC LIMIT %(evidence_cap)s) e) AS tip_largest_evidence,
    (SELECT COALESCE(json_agg(json_build_array(e.last_id, e.source)), '[]')
       FROM (SELECT last_id, source FROM g WHERE tokens IS NOT NULL
              ORDER BY last_at DESC LIMIT %(evidence_cap)s) e) AS tip_recent_evidence,
    (SELECT COALESCE(json_agg(json_build_array(e.last_id, e.source)), '[]')
       FROM (SELECT last_id, source FROM g WHERE type = ANY(%(chat_types)s::text[])
              ORDER BY last_at DESC LIMIT %(evidence_cap)s) e) AS chat_evidence,
    (SELECT COALESCE(json_agg(json_build_array(e.last_id, e.source)), '[]')
       FROM (SELECT last_id, source FROM g WHERE type = 'PRIVATE_MESSAGE'
              ORDER BY last_at DESC LIMIT %(evidence_cap)s) e) AS private_evidence,
    (SELECT COALESCE(json_agg(json_build_array(e.id, e.source)), '[]')
       FROM (SELECT ps.last_id AS id, x.source
               FROM (SELECT * FROM per_session
                      ORDER BY session_id DESC LIMIT %(evidence_cap)s) ps
               JOIN interactions x ON x.id = ps.last_id
              ORDER BY ps.session_id DESC) e) AS session_evidence,
    -- Follows, unfollows and fan-club joins are rare: a group is nearly always one event.
    (SELECT COALESCE(json_agg(json_build_array(e.last_id, e.source, e.type, e.last_at)), '[]')
       FROM (SELECT last_id, source, type, last_at FROM g
              WHERE type IN ('FOLLOW', 'UNFOLLOW', 'FANCLUB_JOIN')
              ORDER BY last_at DESC, last_id DESC LIMIT %(evidence_cap)s) e) AS follow_events,
    (SELECT json_build_array(x.id, x.source)
       FROM interactions x
      WHERE x.person_id = %(person_id)s AND x.occurred_at = t.first_at
        AND x.type = ANY(%(activity_types)s::text[])
      ORDER BY x.id LIMIT 1) AS first_evidence,
    (SELECT json_build_array(x.id, x.source)
       FROM interactions x
      WHERE x.person_id = %(person_id)s AND x.occurred_at = t.last_at
        AND x.type = ANY(%(activity_types)s::text[])
      ORDER BY x.id DESC LIMIT 1) AS last_evidence,
    -- The newest event that carried the user's fan-club flag (walks the person's index backwards).
    (SELECT json_build_array(x.id, x.source, x.occurred_at, x.metadata -> 'user' -> 'inFanclub')
       FROM interactions x
      WHERE x.person_id = %(person_id)s
        AND t.interactions > 0
        AND x.type = ANY(%(activity_types)s::text[])
        AND jsonb_typeof(x.metadata -> 'user' -> 'inFanclub') = 'boolean'
      ORDER BY x.occurred_at DESC, x.id DESC LIMIT 1) AS fanclub_flag,
    (SELECT COALESCE(json_agg(json_build_array(e.part, e.last_id, e.source)), '[]')
       FROM (SELECT part.name AS part, pick.last_id, pick.source
               FROM (VALUES ('nights', 0, 6), ('mornings', 6, 12), ('afternoons', 12, 18),
                            ('evenings', 18, 24)) AS part(name, first_hour, after_hour)
               CROSS JOIN LATERAL (
                   SELECT last_id, source FROM g
                   WHERE hour >= part.first_hour AND hour < part.after_hour
                   ORDER BY last_at DESC LIMIT %(evidence_cap)s
               ) pick) e) AS part_evidence
FROM totals t
