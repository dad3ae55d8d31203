-- migrate:up
-- The theme the owner gives a show, for the label line of its report.
CREATE TABLE session_themes (
    session_id  bigint      PRIMARY KEY REFERENCES stream_sessions (id),
    theme       text        NOT NULL CHECK (length(theme) <= 200),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE session_themes;
