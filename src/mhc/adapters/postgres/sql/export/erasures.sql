-- Only in an export of everything, like the two below: no erasure is about a person who still
-- exists, and backfills and contract drift record the panel's own work.
SELECT * FROM erasures ORDER BY id
