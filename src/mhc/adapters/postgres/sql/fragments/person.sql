json_build_object(
    'id', p.id,
    'username', p.username,
    'platform', p.platform,
    'role', p.role,
    'rid', p.rid,
    'did', p.did,
    'first_seen_at', p.first_seen_at,
    'last_seen_at', p.last_seen_at,
    'is_excluded', p.is_excluded,
    'aliases', COALESCE(
        (SELECT json_agg(a.alias ORDER BY a.valid_from, a.id)
         FROM person_aliases a WHERE a.person_id = p.id),
        '[]'::json)
)
