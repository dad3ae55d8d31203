-- What the panel knows about each wanted person, one JSON document each (domain.radar.CardFacts).
-- Room figures count the owner's room as the person page does (Events API and imported chat):
-- tips and visits are the person's row of person_totals, the last tip reads the partial index
-- of tips, the Chaturbate flags the partial index of events that carry a user object. Next to
-- each document, the person's card fingerprint as card_fingerprints reads it, from the same
-- snapshot: the facts of a fingerprint that has not moved are still true.
SELECT json_build_object(
    'person_id', p.id,
    'username', p.username,
    'room_tips_total', COALESCE(round(t.room_tip_tokens), 0)::bigint,
    'room_tip_count', COALESCE(t.room_tips, 0),
    'last_tip_at', last_tip.occurred_at,
    'last_tip_tokens', last_tip.tokens,
    'visits', COALESCE(t.room_visits, 0),
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
        '[]'::json),
    'flags', (
        SELECT json_build_object(
            'seen_at', f.occurred_at,
            'in_fanclub', CASE WHEN jsonb_typeof(f.u -> 'inFanclub') = 'boolean'
                               THEN (f.u ->> 'inFanclub')::boolean END,
            'is_mod', CASE WHEN jsonb_typeof(f.u -> 'isMod') = 'boolean'
                           THEN (f.u ->> 'isMod')::boolean END,
            'has_tokens', CASE WHEN jsonb_typeof(f.u -> 'hasTokens') = 'boolean'
                               THEN (f.u ->> 'hasTokens')::boolean END,
            'recent_tips', CASE WHEN jsonb_typeof(f.u -> 'recentTips') = 'string'
                                THEN f.u ->> 'recentTips' END,
            'gender', CASE WHEN jsonb_typeof(f.u -> 'gender') = 'string'
                           THEN f.u ->> 'gender' END,
            'subgender', CASE WHEN jsonb_typeof(f.u -> 'subgender') = 'string'
                              THEN f.u ->> 'subgender' END)
        FROM (SELECT i.occurred_at, i.metadata -> 'user' AS u
              FROM interactions i
              WHERE i.person_id = p.id AND i.source = 'cb_events' AND i.metadata ? 'user'
              ORDER BY i.occurred_at DESC, i.id DESC
              LIMIT 1) f),
    'lookup', (
        SELECT json_build_object('state', l.status, 'at', {{lookup_at}}, 'error', l.error,
                                 'attempts', l.attempts)
        FROM statbate_lookups l WHERE l.person_id = p.id),
    'first_room_event_at', (
        SELECT i.occurred_at FROM interactions i
        WHERE i.person_id = p.id AND i.source = 'cb_events'
        ORDER BY i.occurred_at
        LIMIT 1),
    -- The newest room event this statement's snapshot counts: the radar's events come from the
    -- Events API alone, stored by one worker at a time in id order, so every one up to it is in.
    'counted_through', newest.id
)::text,
t.interactions,
COALESCE(v.version, 0)
-- The wanted ids as an array condition: probes of the primary key, however many persons there
-- are (a join to unnest() of a thousand ids chose to hash the whole persons table).
FROM persons p
CROSS JOIN (SELECT max(i.id) AS id FROM interactions i WHERE i.source = 'cb_events') AS newest
LEFT JOIN person_totals t ON t.person_id = p.id
LEFT JOIN card_versions v ON v.person_id = p.id
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
WHERE p.id = ANY (%(person_ids)s::bigint[]) AND NOT p.is_excluded
