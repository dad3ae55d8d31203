-- migrate:up
-- The owner can cancel a backfill from the panel. A queued row is cancelled at once; a running
-- one only records the request here, because the work happens in another process (a worker or
-- the CLI), which reads it at its next progress write, stops between two chunks and ends the row
-- as cancelled. A run that finished before it noticed keeps its outcome and the request.
ALTER TABLE backfills ADD COLUMN cancel_requested_at timestamptz;
-- A queued row is never waiting for a cancel: it is cancelled outright, and a worker that stops
-- hands a cancel-requested run back as cancelled rather than to the queue.
ALTER TABLE backfills ADD CONSTRAINT backfills_cancel_not_queued
    CHECK (cancel_requested_at IS NULL OR status <> 'queued');

-- migrate:down
ALTER TABLE backfills DROP CONSTRAINT backfills_cancel_not_queued;
ALTER TABLE backfills DROP COLUMN cancel_requested_at;
