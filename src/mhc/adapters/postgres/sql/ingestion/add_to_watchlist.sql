INSERT INTO watchlist_members (watchlist_id, person_id)
SELECT w.id, m.person_id
FROM watchlists w
CROSS JOIN unnest(%(person_ids)b::bigint[]) AS m(person_id)
WHERE lower(w.name) = lower(%(watchlist)s)
ON CONFLICT DO NOTHING
