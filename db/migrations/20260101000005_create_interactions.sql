-- migrate:up
CREATE TABLE interactions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id           bigint      NOT NULL REFERENCES persons (id),
    stream_session_id   bigint      REFERENCES stream_sessions (id),
    type                text        NOT NULL,
    content             text,
    occurred_at         timestamptz NOT NULL,
    source              text        NOT NULL,
    metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source_event_id     text,
    created_at          timestamptz NOT NULL DEFAULT now()
);
-- A re-delivered event (same source, same event id) is stored once.
CREATE UNIQUE INDEX interactions_source_event_key ON interactions (source, source_event_id);
CREATE INDEX interactions_person_time_idx ON interactions (person_id, occurred_at DESC, id DESC);
CREATE INDEX interactions_session_time_idx ON interactions (stream_session_id, occurred_at)
    WHERE stream_session_id IS NOT NULL;
CREATE INDEX interactions_type_time_idx ON interactions (type, occurred_at DESC);

CREATE TRIGGER interactions_append_only
    BEFORE UPDATE OR DELETE ON interactions
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

-- migrate:down
DROP TABLE interactions;
