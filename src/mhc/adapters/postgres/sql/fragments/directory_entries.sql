-- The page's rows as JSON (only they pay for it); the total, and whether counting went to the
-- end, ride along on each of them.
SELECT
    counted.total,
    counted.total_is_exact,
    ({{person}}::jsonb || jsonb_build_object(
        'tips_total', COALESCE(round(pt.tip_tokens), 0)::bigint,
        'last_interaction_at', pt.last_at,
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
CROSS JOIN counted
JOIN persons p ON p.id = f.id
LEFT JOIN person_totals pt ON pt.person_id = p.id
ORDER BY {{directory_order}}
