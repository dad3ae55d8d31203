-- migrate:up
CREATE TABLE stream_sessions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform    text        NOT NULL DEFAULT 'chaturbate',
    broadcaster text        NOT NULL DEFAULT 'hudson_cage',
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    status      text        NOT NULL DEFAULT 'LIVE' CHECK (status IN ('LIVE', 'ENDED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'LIVE') = (ended_at IS NULL)),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- At most one LIVE session per broadcaster.
CREATE UNIQUE INDEX stream_sessions_one_live_key
    ON stream_sessions (platform, broadcaster) WHERE status = 'LIVE';
CREATE INDEX stream_sessions_started_idx ON stream_sessions (broadcaster, started_at DESC);

-- migrate:down
DROP TABLE stream_sessions;
