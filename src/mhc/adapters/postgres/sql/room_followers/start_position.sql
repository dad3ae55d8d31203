-- Where a new follower starts: after the newest room event older than the look-back, so it
-- takes in the recent past and not all of history. Walks the primary key backwards.
SELECT COALESCE(
    (SELECT i.id FROM interactions i
     WHERE i.source = 'cb_events' AND i.occurred_at < now() - %(look_back)s::interval
     ORDER BY i.id DESC LIMIT 1),
    0)
