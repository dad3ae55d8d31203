-- migrate:up
CREATE TABLE api_failures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service     text        NOT NULL,
    endpoint    text        NOT NULL,
    status      integer,
    message     text        NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_failures_time_idx ON api_failures (occurred_at DESC, id DESC);

-- The Events API cursor: the `i` value and timeout of the last nextUrl, never the token.
CREATE TABLE events_cursor (
    broadcaster     text        PRIMARY KEY,
    last_event_id   text,
    timeout_seconds integer     NOT NULL DEFAULT 10,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE worker_heartbeat (
    worker_id       text        PRIMARY KEY,
    broadcaster     text        NOT NULL,
    last_poll_at    timestamptz,
    last_event_at   timestamptz,
    lag_seconds     double precision,
    last_error      text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE worker_heartbeat;
DROP TABLE events_cursor;
DROP TABLE api_failures;
