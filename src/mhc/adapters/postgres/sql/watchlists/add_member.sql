-- Adding a member twice keeps the first added_at (the caller then reads the existing row).
INSERT INTO watchlist_members (watchlist_id, person_id)
VALUES (%(watchlist_id)s::bigint, %(person_id)s::bigint)
ON CONFLICT (watchlist_id, person_id) DO NOTHING
RETURNING watchlist_id, person_id, added_at
