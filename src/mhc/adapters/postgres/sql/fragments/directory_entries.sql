-- The page's rows as JSON (only they pay for it); the total rides along on each of them.
SELECT
    f.total,
    ({{person}}::jsonb || jsonb_build_object(
        'tips_total', CASE WHEN %(needs_spend)s::boolean THEN f.spend ELSE (
            SELECT COALESCE(round(sum({{tip_tokens}})), 0)::bigint
            FROM interactions i WHERE i.person_id = p.id AND i.type = 'TIP') END,
        'last_interaction_at', (
            SELECT i.occurred_at FROM interactions i
            WHERE i.person_id = p.id
            ORDER BY i.occurred_at DESC, i.id DESC
            LIMIT 1),
        'tags', COALESCE(
            (SELECT jsonb_agg(jsonb_build_object('key', t.key, 'value', t.value) ORDER BY t.key)
             FROM attributes t WHERE t.person_id = p.id),
            '[]'::jsonb),
        'watchlists', COALESCE(
            (SELECT jsonb_agg(jsonb_build_object('id', w.id, 'name', w.name) ORDER BY w.id)
             FROM watchlist_members m JOIN watchlists w ON w.id = m.watchlist_id
             WHERE m.person_id = p.id),
            '[]'::jsonb),
        'latest_note', (
            SELECT left(n.content, 160) FROM notes n
            WHERE n.person_id = p.id
            ORDER BY n.created_at DESC, n.id DESC
            LIMIT 1)
    ))::text AS entry
FROM page f
JOIN persons p ON p.id = f.id
ORDER BY {{directory_order}}
