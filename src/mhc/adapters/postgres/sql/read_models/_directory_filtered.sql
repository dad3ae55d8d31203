spend AS (
    SELECT i.person_id, COALESCE(round(sum({{tip_tokens}})), 0)::bigint AS tokens
    FROM interactions i
    WHERE %(needs_spend)s::boolean AND i.type = 'TIP'
    GROUP BY i.person_id
), filtered AS MATERIALIZED (
    SELECT p.id, p.username, p.first_seen_at, p.last_seen_at, COALESCE(sp.tokens, 0) AS spend
    FROM persons p
    LEFT JOIN spend sp ON sp.person_id = p.id
    WHERE (%(prefix)s::text IS NULL OR p.id IN (
              SELECT id FROM persons WHERE username LIKE %(prefix)s::text
              UNION
              SELECT person_id FROM person_aliases WHERE alias LIKE %(prefix)s::text))
      AND (%(role)s::text IS NULL OR p.role = %(role)s::text)
      AND (%(watchlist_id)s::bigint IS NULL OR EXISTS (
              SELECT 1 FROM watchlist_members m
              WHERE m.watchlist_id = %(watchlist_id)s::bigint AND m.person_id = p.id))
      AND CASE WHEN %(excluded)s::boolean IS NULL THEN NOT p.is_excluded
               ELSE p.is_excluded = %(excluded)s::boolean END
      AND (%(seen_since)s::timestamptz IS NULL OR p.last_seen_at >= %(seen_since)s::timestamptz)
      AND (%(min_spend)s::bigint IS NULL OR COALESCE(sp.tokens, 0) >= %(min_spend)s::bigint)
)
