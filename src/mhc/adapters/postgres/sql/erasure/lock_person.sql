-- Held until the erasure commits: a concurrent write about the person (an event, a note)
-- waits, then fails on its foreign key instead of leaving a row about nobody.
SELECT username FROM persons WHERE id = %(person_id)s::bigint FOR UPDATE
