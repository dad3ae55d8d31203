UPDATE persons p
SET role = t.role,
    last_seen_at = GREATEST(p.last_seen_at, t.last_seen_at),
    updated_at = now()
FROM unnest(%(ids)b::bigint[], %(roles)b::text[], %(last_seen)b::timestamptz[])
    AS t(id, role, last_seen_at)
WHERE p.id = t.id
