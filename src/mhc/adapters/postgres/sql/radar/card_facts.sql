-- What the panel knows about each wanted person, one JSON document each (domain.radar.CardFacts).
-- Room figures count the owner's room as the person page does (Events API and imported chat);
-- tips read the partial index of tips, visits the covering index of a person's activity.
SELECT json_build_object(
    'person_id', p.id,
    'username', p.username,
    'room_tips_total', tips.tokens,
    'room_tip_count', tips.count,
    'last_tip_at', last_tip.occurred_at,
    'last_tip_tokens', last_tip.tokens,
    'visits', (SELECT count(*) FROM interactions i
               WHERE i.person_id = p.id AND i.type = 'USER_ENTER'
                 AND i.source IN ('cb_events', 'statbate_plus')),
    'statbate_all_time_tokens',
        CASE WHEN jsonb_typeof(member.metrics -> 'all_time_tokens') = 'number'
             THEN round((member.metrics ->> 'all_time_tokens')::numeric)::bigint END,
    'statbate_last_tip_date',
        CASE WHEN jsonb_typeof(member.metrics -> 'last_tip_date') = 'string'
             THEN member.metrics ->> 'last_tip_date' END,
    'statbate_captured_at', member.captured_at,
    'watchlists', COALESCE(
        (SELECT json_agg(w ORDER BY w.is_system DESC, w.id)
         FROM (SELECT wl.id, wl.name, wl.is_system, wl.created_at
               FROM watchlist_members m JOIN watchlists wl ON wl.id = m.watchlist_id
               WHERE m.person_id = p.id) w),
        '[]'::json),
    'notes', COALESCE(
        (SELECT json_agg(n ORDER BY n.created_at DESC, n.id DESC)
         FROM (SELECT id, person_id, content, created_at, updated_at
               FROM notes WHERE person_id = p.id
               ORDER BY created_at DESC, id DESC
               LIMIT %(notes)s::integer) n),
        '[]'::json),
    'tags', COALESCE(
        (SELECT json_agg(at ORDER BY at.key)
         FROM (SELECT id, person_id, key, value, confidence, evidence_type, evidence_id,
                      created_at, updated_at
               FROM attributes WHERE person_id = p.id) at),
        '[]'::json)
)::text
FROM unnest(%(person_ids)s::bigint[]) AS wanted (id)
JOIN persons p ON p.id = wanted.id
CROSS JOIN LATERAL (
    SELECT COALESCE(round(sum({{tip_tokens}})), 0)::bigint AS tokens, count(*) AS count
    FROM interactions i
    WHERE i.person_id = p.id AND i.type = 'TIP' AND i.source IN ('cb_events', 'statbate_plus')
) AS tips
LEFT JOIN LATERAL (
    SELECT i.occurred_at, round({{tip_tokens}})::bigint AS tokens
    FROM interactions i
    WHERE i.person_id = p.id AND i.type = 'TIP' AND i.source IN ('cb_events', 'statbate_plus')
    ORDER BY i.occurred_at DESC, i.id DESC
    LIMIT 1
) AS last_tip ON true
LEFT JOIN LATERAL (
    SELECT s.normalized_metrics AS metrics, s.captured_at
    FROM snapshots s
    WHERE s.person_id = p.id AND s.source = 'statbate_member'
    ORDER BY s.captured_at DESC
    LIMIT 1
) AS member ON true
WHERE NOT p.is_excluded
