(%(role)s::text IS NULL OR p.role = %(role)s::text)
AND (%(watchlist_id)s::bigint IS NULL OR EXISTS (
        SELECT 1 FROM watchlist_members m
        WHERE m.watchlist_id = %(watchlist_id)s::bigint AND m.person_id = p.id))
AND CASE WHEN %(excluded)s::boolean IS NULL THEN NOT p.is_excluded
         ELSE p.is_excluded = %(excluded)s::boolean END
AND (%(seen_since)s::timestamptz IS NULL OR p.last_seen_at >= %(seen_since)s::timestamptz)
AND (%(min_spend)s::bigint IS NULL OR COALESCE(sp.tokens, 0) >= %(min_spend)s::bigint)
