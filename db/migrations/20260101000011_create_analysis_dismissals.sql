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

-- A person's analysis aggregates their whole history. This covering index lets it read only
-- the index (no table rows) for everything but tip amounts...
CREATE INDEX interactions_person_activity_idx
    ON interactions (person_id, occurred_at) INCLUDE (type, source, stream_session_id, id);
-- ...and these find their tips and their imported chat without walking everything else.
CREATE INDEX interactions_person_tips_idx
    ON interactions (person_id, occurred_at) WHERE type = 'TIP';
CREATE INDEX interactions_person_imports_idx
    ON interactions (person_id, occurred_at) WHERE type = 'CHAT_IMPORT';

-- migrate:down
DROP INDEX interactions_person_imports_idx;
DROP INDEX interactions_person_tips_idx;
DROP INDEX interactions_person_activity_idx;
DROP TABLE analysis_dismissals;
