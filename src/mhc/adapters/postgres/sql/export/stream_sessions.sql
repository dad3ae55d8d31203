-- A person's export holds the sessions their interactions belong to.
SELECT * FROM stream_sessions
WHERE %(person_id)s::bigint IS NULL
   OR id IN (SELECT stream_session_id FROM interactions WHERE person_id = %(person_id)s::bigint)
ORDER BY id
