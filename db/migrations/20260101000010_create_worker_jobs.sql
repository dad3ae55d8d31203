-- migrate:up
-- Scheduled jobs of the worker processes. A due run is claimed by locking the job's row with
-- FOR UPDATE SKIP LOCKED for as long as it runs, so several workers never run it twice.
CREATE TABLE worker_jobs (
    name                text        PRIMARY KEY,
    next_run_at         timestamptz NOT NULL DEFAULT now(),
    last_started_at     timestamptz,
    last_finished_at    timestamptz,
    last_status         text        CHECK (last_status IN ('ok', 'failed')),
    last_error          text,
    last_worker         text
);

-- The web side and `mhc worker --check` read the newest heartbeat of a broadcaster.
CREATE INDEX worker_heartbeat_broadcaster_time_idx ON worker_heartbeat (broadcaster, updated_at DESC);

-- migrate:down
DROP INDEX worker_heartbeat_broadcaster_time_idx;
DROP TABLE worker_jobs;
