-- migrate:up
-- Long work (Statbate snapshots of many names, the room's tip history, the chat history) and
-- how far it got. The UI queues rows that a worker claims with FOR UPDATE SKIP LOCKED; the CLI
-- records its own runs as they go. `done` counts units that succeeded and `failed` units that
-- did not, so a finished run has done + failed = total. `params` never holds a secret.
CREATE TABLE backfills (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL
                CHECK (kind IN ('statbate_snapshots', 'tip_history', 'chat_import')),
    label       text        NOT NULL,
    params      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    origin      text        NOT NULL CHECK (origin IN ('cli', 'ui')),
    status      text        NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    -- NULL while the amount of work is not known yet (a chat history has no page count).
    total       integer     CHECK (total >= 0),
    done        integer     NOT NULL DEFAULT 0 CHECK (done >= 0),
    failed      integer     NOT NULL DEFAULT 0 CHECK (failed >= 0),
    -- What the run found, by outcome (captured, not found, stored, skipped...).
    summary     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz,
    -- Moved by every progress write and by the runner's keep-alive: a running row whose
    -- updated_at is old belongs to a process that died.
    updated_at  timestamptz NOT NULL DEFAULT now(),
    worker_id   text,
    CONSTRAINT backfills_progress_within_total CHECK (total IS NULL OR done + failed <= total),
    CONSTRAINT backfills_finished_after_start
        CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);

-- The list in the panel, newest first.
CREATE INDEX backfills_created_idx ON backfills (created_at DESC, id DESC);
-- The worker's claims and the stale-run sweep only ever look at open rows.
CREATE INDEX backfills_open_idx ON backfills (status, created_at)
    WHERE status IN ('queued', 'running');

-- migrate:down
DROP TABLE backfills;
