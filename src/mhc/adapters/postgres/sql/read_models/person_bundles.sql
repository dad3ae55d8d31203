-- Everything shown about each wanted person, one JSON document per person, in the wanted order.
-- The room figures are the person's row of person_totals (kept as interactions arrive), so a
-- regular with 100k events costs one row, not 100k index entries; the newest interactions come
-- as ids from an index-only scan, then by primary key.
SELECT json_build_object(
    'person', {{person}},
    'recent_snapshots', COALESCE(
        (SELECT json_agg({{snapshot}} ORDER BY src.position, sn.captured_at DESC)
         FROM (VALUES (1, 'statbate_member'), (2, 'statbate_model'), (3, 'cb_stats'), (4, 'manual'))
              AS src (position, source)
         CROSS JOIN LATERAL (
             SELECT s.id, s.person_id, s.source, s.captured_at, s.normalized_metrics
             FROM snapshots s
             WHERE s.person_id = p.id AND s.source = src.source
             ORDER BY s.captured_at DESC
             LIMIT 2) sn),
        '[]'::json),
    'interactions', COALESCE(
        (SELECT json_agg({{interaction}} ORDER BY i.occurred_at DESC, i.id DESC)
         FROM (SELECT latest.id FROM interactions latest
               WHERE latest.person_id = p.id
               ORDER BY latest.occurred_at DESC, latest.id DESC
               LIMIT %(interactions_limit)s::integer) AS newest
         JOIN interactions i ON i.id = newest.id),
        '[]'::json),
    'room_stats', json_build_object(
        'tips_total', COALESCE(round(t.room_tip_tokens), 0)::bigint,
        'tip_count', COALESCE(t.room_tips, 0),
        'last_tip_at', t.room_last_tip_at,
        'messages', COALESCE(t.room_messages, 0),
        'visits', COALESCE(t.room_visits, 0),
        'last_seen_in_room_at', t.room_last_at),
    'notes', COALESCE(
        (SELECT json_agg(n ORDER BY n.created_at DESC, n.id DESC)
         FROM (SELECT id, person_id, content, created_at, updated_at
               FROM notes WHERE person_id = p.id) n),
        '[]'::json),
    'attributes', COALESCE(
        (SELECT json_agg(at ORDER BY at.key)
         FROM (SELECT id, person_id, key, value, confidence, evidence_type, evidence_id,
                      created_at, updated_at
               FROM attributes WHERE person_id = p.id) at),
        '[]'::json),
    'watchlists', COALESCE(
        (SELECT json_agg(w ORDER BY w.id)
         FROM (SELECT wl.id, wl.name, wl.is_system, wl.created_at
               FROM watchlist_members m JOIN watchlists wl ON wl.id = m.watchlist_id
               WHERE m.person_id = p.id) w),
        '[]'::json)
)::text
FROM unnest(%(person_ids)s::bigint[]) WITH ORDINALITY AS wanted (id, position)
JOIN persons p ON p.id = wanted.id
LEFT JOIN person_totals t ON t.person_id = p.id
ORDER BY wanted.position
