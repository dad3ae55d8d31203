-- migrate:up
CREATE TABLE notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   bigint      NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    content     text        NOT NULL CHECK (length(btrim(content)) > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_person_idx ON notes (person_id, created_at DESC);

CREATE TABLE attributes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       bigint      NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    key             text        NOT NULL CHECK (length(btrim(key)) > 0),
    value           text        NOT NULL,
    confidence      text        NOT NULL DEFAULT 'high' CHECK (confidence IN ('low', 'medium', 'high')),
    evidence_type   text        NOT NULL DEFAULT 'manual' CHECK (evidence_type IN ('snapshot', 'interaction', 'manual')),
    evidence_id     bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (person_id, key)
);

-- migrate:down
DROP TABLE attributes;
DROP TABLE notes;
