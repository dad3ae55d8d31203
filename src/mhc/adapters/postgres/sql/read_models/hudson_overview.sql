-- The owner's page in one document. Recent interactions follow insertion order (the primary
-- key), which needs no index of its own on a table that only grows.
WITH owner AS (
    SELECT id FROM persons WHERE platform = 'chaturbate' AND username = %(broadcaster)s::text
)
SELECT json_build_object(
    'broadcaster', %(broadcaster)s::text,
    'current_session', (
        SELECT json_build_object(
            'id', s.id, 'platform', s.platform, 'broadcaster', s.broadcaster,
            'started_at', s.started_at, 'ended_at', s.ended_at, 'status', s.status)
        FROM stream_sessions s
        WHERE s.broadcaster = %(broadcaster)s::text AND s.status = 'LIVE'
        LIMIT 1),
    'cb_stats_snapshots', COALESCE(
        (SELECT json_agg({{snapshot}} ORDER BY sn.captured_at DESC)
         FROM (SELECT * FROM snapshots
               WHERE person_id = (SELECT id FROM owner) AND source = 'cb_stats'
               ORDER BY captured_at DESC LIMIT 2) sn),
        '[]'::json),
    'statbate_model_snapshot', (
        SELECT {{snapshot}}
        FROM snapshots sn
        WHERE sn.person_id = (SELECT id FROM owner) AND sn.source = 'statbate_model'
        ORDER BY sn.captured_at DESC LIMIT 1),
    'recent_tips', COALESCE(
        (SELECT json_agg(
                    {{interaction}}::jsonb || jsonb_build_object('username', i.username)
                    ORDER BY i.occurred_at DESC, i.id DESC)
         FROM (SELECT i.*, p.username FROM interactions i
               JOIN persons p ON p.id = i.person_id AND NOT p.is_excluded
               WHERE i.type = 'TIP' AND i.source IN ('cb_events', 'statbate_plus')
               ORDER BY i.occurred_at DESC, i.id DESC
               LIMIT %(recent_limit)s::integer) i),
        '[]'::json),
    'recent_interactions', COALESCE(
        (SELECT json_agg(
                    {{interaction}}::jsonb || jsonb_build_object('username', i.username)
                    ORDER BY i.occurred_at DESC, i.id DESC)
         FROM (SELECT i.*, p.username FROM interactions i
               JOIN persons p ON p.id = i.person_id AND NOT p.is_excluded
               WHERE i.source IN ('cb_events', 'statbate_plus')
               ORDER BY i.id DESC
               LIMIT %(recent_limit)s::integer) i),
        '[]'::json),
    'sessions', COALESCE(
        (SELECT json_agg({{session_summary}} ORDER BY s.started_at DESC, s.id DESC)
         FROM (SELECT * FROM stream_sessions
               WHERE broadcaster = %(broadcaster)s::text
               ORDER BY started_at DESC, id DESC
               LIMIT %(session_limit)s::integer) s
         CROSS JOIN {{session_stats}}),
        '[]'::json)
)::text
