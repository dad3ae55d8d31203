-- migrate:up
-- When the worker was listening: each row is a stretch of answered Events API polls of one
-- broadcaster's room, so a session knows the parts of it that no poll covered.
CREATE TABLE listening_spans (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    broadcaster text        NOT NULL,
    worker_id   text        NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NOT NULL,
    CHECK (ended_at >= started_at)
);
CREATE INDEX listening_spans_broadcaster_time_idx
    ON listening_spans (broadcaster, started_at, ended_at);

-- migrate:down
DROP TABLE listening_spans;
