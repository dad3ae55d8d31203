-- Every activity aggregate of one person but the tip amounts.
--
-- Everything is drawn from the person's activity folded three ways: by time bin, by session,
-- by type and source (`folded`). Bins are %(bin)s wide in UTC, a width that divides the offset
-- of %(timezone)s, so each bin lies within one local hour; every figure below comes from the
-- folds, converted to local time once per bin.
-- When the bins are whole hours (%(kept_hours)s), the folds are the person's rows of
-- person_activity_by_hour, _by_session and _by_kind, kept as interactions arrive; otherwise the
-- rows are folded here, through the covering index interactions_person_activity_idx (no table
-- rows), into groups of (bin, session, type, source), then those three ways. The statement runs
-- unprepared, so the branch not taken is planned as a constant false.
-- Imported chat history joins as chat or private messages, but only the lines of the owner's
-- room (%(broadcaster)s); an import from another room is not activity here. Its groups are
-- folded here too, and added to the kept folds.
-- Evidence lists hold at most %(evidence_cap)s [id, source] pairs: the newest interaction of
-- each of the newest matching groups (of person_activity_hours when kept), so each cited row
-- is real and of the right kind. What is drawn from the folds (bins in local time, months,
-- cells, sessions, sources) reads those small results, and each evidence list only the newest
-- groups of its kind (`newest`).
WITH imports AS MATERIALIZED (
    SELECT
        i.id,
        i.occurred_at,
        i.stream_session_id AS session_id,
        i.source,
        CASE WHEN i.metadata ->> 'private' = 'true' THEN 'PRIVATE_MESSAGE'
             ELSE 'CHAT_MESSAGE' END AS type
    FROM interactions i
    WHERE i.person_id = %(person_id)s
      AND i.type = 'CHAT_IMPORT'
      AND i.metadata ->> 'room' = %(broadcaster)s
),
-- The groups folded here: from the rows when the bins are not whole hours, and the imports.
-- Folded once and kept for the statement.
folded_here AS MATERIALIZED (
    SELECT * FROM (
        SELECT
            date_bin(%(bin)s::interval, i.occurred_at, '1970-01-01 00:00:00+00') AS bin,
            i.stream_session_id AS session_id,
            i.type,
            i.source,
            count(*)::int AS n,
            max(i.id) AS last_id
        FROM interactions i
        WHERE NOT %(kept_hours)s::boolean AND i.person_id = %(person_id)s
        GROUP BY 1, 2, 3, 4
    ) f
    -- Filtering the groups rather than the rows: one comparison per group, not per row.
    WHERE type = ANY(%(activity_types)s::text[])
    UNION ALL
    SELECT
        date_bin(%(bin)s::interval, occurred_at, '1970-01-01 00:00:00+00'),
        session_id, type, source, count(*)::int, max(id)
    FROM imports
    GROUP BY 1, 2, 3, 4
),
-- The folds kept as rows arrive (migration 20261205000200), in the shape of `folded` below.
-- Counts are ints (one person's events in one hour, of one kind): summed, ints add up as a
-- bigint, where bigints would add up as a numeric, which is slower.
kept_folds AS NOT MATERIALIZED (
    SELECT 7 AS grouped_by, b.bin, NULL::bigint AS session_id, NULL::text AS type,
           NULL::text AS source, b.n::int, b.last_id, NULL::bigint AS chats,
           NULL::boolean AS tipped
    FROM person_activity_by_hour b
    WHERE %(kept_hours)s::boolean AND b.person_id = %(person_id)s
    UNION ALL
    SELECT 11, NULL, s.session_id, NULL, NULL, NULL, s.last_id, s.chats, s.tips > 0
    FROM person_activity_by_session s
    WHERE %(kept_hours)s::boolean AND s.person_id = %(person_id)s
    UNION ALL
    SELECT 12, NULL, NULL, k.type, k.source, k.n::int, NULL, NULL, NULL
    FROM person_activity_by_kind k
    WHERE %(kept_hours)s::boolean AND k.person_id = %(person_id)s
),
-- The groups folded three ways: by bin, by session, by type and source (`grouped_by` tells the
-- sets apart as GROUPING(bin, session_id, type, source) does: 7, 11 and 12). When nothing is
-- folded here (whole-hour bins and no imports) the kept folds are the answer as they are;
-- otherwise the groups folded here are folded three ways in one pass and added to them.
folded AS MATERIALIZED (
    SELECT * FROM kept_folds WHERE NOT EXISTS (SELECT FROM folded_here)
    UNION ALL
    SELECT grouped_by, bin, session_id, type, source,
           sum(n)::int, max(last_id), sum(chats), bool_or(tipped)
    FROM (
        SELECT * FROM kept_folds
        UNION ALL
        SELECT
            GROUPING(bin, session_id, type, source),
            bin, session_id, type, source,
            sum(n),
            max(last_id),
            COALESCE(sum(n) FILTER (WHERE type = 'CHAT_MESSAGE'), 0),
            bool_or(type = 'TIP')
        FROM folded_here
        GROUP BY GROUPING SETS ((bin), (session_id), (type, source))
    ) f
    WHERE EXISTS (SELECT FROM folded_here)
    GROUP BY grouped_by, bin, session_id, type, source
),
-- One row per bin, in local time: the only place times are converted.
bins AS MATERIALIZED (
    SELECT local_at::date AS day, date_part('hour', local_at)::int AS hour, bin, n, last_id
    FROM (
        SELECT bin, bin AT TIME ZONE %(timezone)s AS local_at, n, last_id
        FROM folded
        WHERE grouped_by = 7
    ) b
),
days AS (
    SELECT day, sum(n)::bigint AS n FROM bins GROUP BY day
),
months AS (
    SELECT date_trunc('month', day) AS month, sum(n)::bigint AS n, count(*) AS days
    FROM days
    GROUP BY 1
),
type_source AS (
    SELECT type, source, n FROM folded WHERE grouped_by = 12
),
totals AS (
    SELECT
        COALESCE(sum(n), 0)::bigint AS interactions,
        COALESCE(sum(n) FILTER (WHERE type = 'CHAT_MESSAGE'), 0)::bigint AS chats,
        COALESCE(sum(n) FILTER (WHERE type = 'PRIVATE_MESSAGE'), 0)::bigint AS privates,
        COALESCE(sum(n) FILTER (WHERE type = 'FOLLOW'), 0)::bigint AS follows,
        COALESCE(sum(n) FILTER (WHERE type = 'UNFOLLOW'), 0)::bigint AS unfollows,
        COALESCE(sum(n) FILTER (WHERE type = 'FANCLUB_JOIN'), 0)::bigint AS fanclub_joins,
        -- A day lies in one month: the months' days add up to the active days.
        (SELECT COALESCE(sum(days), 0) FROM months)::bigint AS active_days,
        COALESCE(array_agg(DISTINCT source), '{}') AS sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE type = 'CHAT_MESSAGE'), '{}')
            AS chat_sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE type = 'PRIVATE_MESSAGE'), '{}')
            AS private_sources,
        COALESCE(array_agg(DISTINCT source) FILTER (WHERE type = 'TIP'), '{}') AS tip_sources
    FROM type_source
),
per_session AS (
    SELECT session_id, chats, tipped, last_id
    FROM folded
    WHERE grouped_by = 11 AND session_id IS NOT NULL
),
-- The newest groups of each kind of evidence, each branch limited on its own: over the union
-- the planner sorted every group of the kind (a whale's 19k chat groups, 11 ms), where the kept
-- ones come from the newest end of their index a few rows each.
newest AS (
    SELECT e.kind, n.bin, n.last_id, n.source
    FROM (VALUES ('chat', '{CHAT_MESSAGE}'::text[]),
                 ('private', '{PRIVATE_MESSAGE}'::text[]),
                 ('follow', '{FOLLOW,UNFOLLOW,FANCLUB_JOIN}'::text[])) AS e(kind, types)
    CROSS JOIN LATERAL (
        SELECT u.bin, u.last_id, u.source
        FROM (
            -- The kept groups from the newest end of their index, the folded ones all.
            (SELECT k.bin, k.last_id, k.source
               FROM person_activity_hours k
              WHERE %(kept_hours)s::boolean AND k.person_id = %(person_id)s
                AND k.type = ANY(e.types)
              ORDER BY k.bin DESC, k.last_id DESC LIMIT %(evidence_cap)s)
            UNION ALL
            SELECT f.bin, f.last_id, f.source FROM folded_here f WHERE f.type = ANY(e.types)
        ) u
        ORDER BY u.bin DESC, u.last_id DESC LIMIT %(evidence_cap)s
    ) n
),
-- The first and last activity: the edges of the events in the index, and of the imports.
edge_candidates AS (
    (SELECT x.id, x.source, x.occurred_at
       FROM interactions x
      WHERE x.person_id = %(person_id)s AND x.type = ANY(%(activity_types)s::text[])
      ORDER BY x.occurred_at, x.id LIMIT 1)
    UNION ALL
    (SELECT x.id, x.source, x.occurred_at
       FROM interactions x
      WHERE x.person_id = %(person_id)s AND x.type = ANY(%(activity_types)s::text[])
      ORDER BY x.occurred_at DESC, x.id DESC LIMIT 1)
    UNION ALL
    (SELECT id, source, occurred_at FROM imports ORDER BY occurred_at, id LIMIT 1)
    UNION ALL
    (SELECT id, source, occurred_at FROM imports ORDER BY occurred_at DESC, id DESC LIMIT 1)
),
edges AS (
    SELECT
        (SELECT json_build_array(id, source, occurred_at) FROM edge_candidates
          ORDER BY occurred_at, id LIMIT 1) AS first_seen,
        -- The same moment as a timestamp, for comparing with every session (parsed from the
        -- JSON for each of them, it was half of a typical person's statement).
        (SELECT min(occurred_at) FROM edge_candidates) AS first_seen_at,
        (SELECT json_build_array(id, source, occurred_at) FROM edge_candidates
          ORDER BY occurred_at DESC, id DESC LIMIT 1) AS last_seen
)
SELECT
    t.*,
    e.first_seen,
    e.last_seen,
    (SELECT count(*) FROM per_session) AS sessions_attended,
    (SELECT count(*) FROM per_session WHERE tipped) AS sessions_tipped,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY chats) FROM per_session) AS median_chats,
    (SELECT count(*) FROM stream_sessions ss WHERE ss.broadcaster = %(broadcaster)s)
        AS owner_sessions_total,
    (SELECT count(*) FROM stream_sessions ss
      WHERE ss.broadcaster = %(broadcaster)s
        AND COALESCE(ss.ended_at, 'infinity') >= e.first_seen_at)
        AS owner_sessions_since_first_seen,
    (SELECT COALESCE(json_agg(json_build_array(c.dow, c.hour, c.n)), '[]')
       FROM (SELECT date_part('isodow', day)::int - 1 AS dow, hour, sum(n)::bigint AS n
               FROM bins GROUP BY 1, 2) c) AS cells,
    (SELECT COALESCE(json_agg(json_build_array(to_char(m.month, 'YYYY-MM'), m.n, m.days)
                              ORDER BY m.month), '[]')
       FROM months m) AS months,
    (SELECT COALESCE(json_agg(json_build_array(x.last_id, x.source)), '[]')
       FROM (SELECT last_id, source FROM newest WHERE kind = 'chat'
              ORDER BY bin DESC, last_id DESC) x) AS chat_evidence,
    (SELECT COALESCE(json_agg(json_build_array(x.last_id, x.source)), '[]')
       FROM (SELECT last_id, source FROM newest WHERE kind = 'private'
              ORDER BY bin DESC, last_id DESC) x) AS private_evidence,
    (SELECT COALESCE(json_agg(json_build_array(x.last_id, i.source)), '[]')
       FROM (SELECT * FROM per_session
              ORDER BY session_id DESC LIMIT %(evidence_cap)s) x
       JOIN interactions i ON i.id = x.last_id) AS session_evidence,
    -- Follows, unfollows and fan-club joins are rare: a group is nearly always one event, and
    -- its newest row gives the exact time.
    (SELECT COALESCE(json_agg(json_build_array(i.id, i.source, i.type, i.occurred_at)
                              ORDER BY i.occurred_at DESC, i.id DESC), '[]')
       FROM (SELECT last_id FROM newest WHERE kind = 'follow') x
       JOIN interactions i ON i.id = x.last_id) AS follow_events,
    -- The newest event that carried the user's fan-club flag (walks the person's index backwards).
    (SELECT json_build_array(x.id, x.source, x.occurred_at, x.metadata -> 'user' -> 'inFanclub')
       FROM interactions x
      WHERE x.person_id = %(person_id)s
        AND x.type = ANY(%(activity_types)s::text[])
        AND jsonb_typeof(x.metadata -> 'user' -> 'inFanclub') = 'boolean'
      ORDER BY x.occurred_at DESC, x.id DESC LIMIT 1) AS fanclub_flag,
    -- Each part of the day in turn, its newest bins first.
    (SELECT COALESCE(json_agg(json_build_array(x.part, x.last_id, i.source)
                              ORDER BY x.first_hour, x.bin DESC), '[]')
       FROM (SELECT part.name AS part, part.first_hour, pick.bin, pick.last_id
               FROM (VALUES ('nights', 0, 6), ('mornings', 6, 12), ('afternoons', 12, 18),
                            ('evenings', 18, 24)) AS part(name, first_hour, after_hour)
               CROSS JOIN LATERAL (
                   SELECT u.bin, u.last_id
                   FROM (
                       -- The kept bins from the newest end of their index, when they are all
                       -- the bins; else the bins (a few rows each, not every bin four times).
                       (SELECT k.bin, k.last_id
                          FROM person_activity_by_hour k
                         WHERE %(kept_hours)s::boolean AND k.person_id = %(person_id)s
                           AND NOT EXISTS (SELECT FROM folded_here)
                           AND date_part('hour', k.bin AT TIME ZONE %(timezone)s)
                               BETWEEN part.first_hour AND part.after_hour - 1
                         ORDER BY k.bin DESC LIMIT %(evidence_cap)s)
                       UNION ALL
                       (SELECT b.bin, b.last_id
                          FROM bins b
                         WHERE EXISTS (SELECT FROM folded_here)
                           AND b.hour >= part.first_hour AND b.hour < part.after_hour
                         ORDER BY b.bin DESC LIMIT %(evidence_cap)s)
                   ) u
                   ORDER BY u.bin DESC LIMIT %(evidence_cap)s
               ) pick) x
       JOIN interactions i ON i.id = x.last_id) AS part_evidence
FROM totals t, edges e
