SELECT COALESCE(
    json_agg(json_build_object(
                 'id', w.id,
                 'name', w.name,
                 'is_system', w.is_system,
                 'member_count', (SELECT count(*) FROM watchlist_members m
                                  WHERE m.watchlist_id = w.id))
             ORDER BY w.is_system DESC, w.id),
    '[]'::json)::text
FROM watchlists w
