-- A person's export holds the lists they are on, so their memberships can be read.
SELECT * FROM watchlists
WHERE %(person_id)s::bigint IS NULL
   OR id IN (SELECT watchlist_id FROM watchlist_members WHERE person_id = %(person_id)s::bigint)
ORDER BY id
