-- migrate:up
CREATE TABLE snapshots (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id           bigint      NOT NULL REFERENCES persons (id),
    source              text        NOT NULL CHECK (source IN ('statbate_member', 'statbate_model', 'cb_stats', 'manual')),
    captured_at         timestamptz NOT NULL DEFAULT now(),
    raw_payload         jsonb       NOT NULL,
    normalized_metrics  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    UNIQUE (person_id, source, captured_at)
);
CREATE INDEX snapshots_person_source_time_idx ON snapshots (person_id, source, captured_at DESC);

CREATE TRIGGER snapshots_append_only
    BEFORE UPDATE OR DELETE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

-- migrate:down
DROP TABLE snapshots;
