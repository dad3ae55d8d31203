-- The commit does not wait for the disk (see PostgresIngestionBatch.begin). The batch's
-- interactions are copied into a table of this connection's own first, emptied at every commit
-- (or rollback), then inserted from it with the duplicate check: COPY is far cheaper than
-- binding them as arrays.
SET LOCAL synchronous_commit = off;
SET LOCAL client_min_messages = warning;
CREATE TEMPORARY TABLE IF NOT EXISTS incoming_interactions (
    position            bigint      GENERATED ALWAYS AS IDENTITY,
    person_id           bigint      NOT NULL,
    stream_session_id   bigint,
    type                text        NOT NULL,
    content             text,
    occurred_at         timestamptz NOT NULL,
    metadata            jsonb       NOT NULL,
    source_event_id     text        NOT NULL
) ON COMMIT DELETE ROWS
