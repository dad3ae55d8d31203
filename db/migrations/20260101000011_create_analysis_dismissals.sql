-- migrate:up
-- Inferred attributes the owner dismissed: the same key and value is not suggested again,
-- while a different value for the key still is.
CREATE TABLE analysis_dismissals (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       bigint      NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    key             text        NOT NULL CHECK (length(btrim(key)) > 0),
    value           text        NOT NULL CHECK (length(btrim(value)) > 0),
    dismissed_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (person_id, key, value)
);

-- migrate:down
DROP TABLE analysis_dismissals;
