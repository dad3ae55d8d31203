-- migrate:up
-- The live room radar learns of new interactions from NOTIFY instead of polling. One
-- notification per statement, not per row, so the worker's bulk inserts of a whole Events API
-- batch stay a single cheap signal; the payload is the newest id the statement stored.
-- Listeners re-read rows above the last id they saw, so a payload is a hint, never the data.
CREATE FUNCTION notify_new_interactions() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    newest bigint;
BEGIN
    SELECT max(id) INTO newest FROM new_rows;
    -- An INSERT ... ON CONFLICT DO NOTHING of re-delivered events stores nothing: no news.
    IF newest IS NOT NULL THEN
        PERFORM pg_notify('mhc_interactions', newest::text);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_notify
    AFTER INSERT ON interactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_new_interactions();

-- migrate:down
DROP TRIGGER interactions_notify ON interactions;
DROP FUNCTION notify_new_interactions();
