-- Only the worker stores Events API interactions, one batch after the other, so their ids grow
-- in commit order: everything above this id is yet to come. Walking the primary key backwards
-- stops at the first such row, whatever the size of the table.
SELECT i.id
FROM interactions i
WHERE i.source = 'cb_events'
ORDER BY i.id DESC
LIMIT 1
