(%(role)s::text IS NULL OR p.role = %(role)s::text)
-- The list's members as an array: the persons are then fetched by primary key, a list's worth
-- of work, instead of every person being checked against the list.
AND (%(watchlist_id)s::bigint IS NULL OR p.id = ANY (ARRAY(
        SELECT m.person_id FROM watchlist_members m
        WHERE m.watchlist_id = %(watchlist_id)s::bigint)))
AND CASE WHEN %(excluded)s::boolean IS NULL THEN NOT p.is_excluded
         ELSE p.is_excluded = %(excluded)s::boolean END
AND (%(seen_since)s::timestamptz IS NULL OR p.last_seen_at >= %(seen_since)s::timestamptz)
AND (%(min_spend)s::bigint IS NULL OR round(t.tip_tokens) >= %(min_spend)s::bigint)
