-- migrate:up
-- The worker hears at once of the work the panel gives it, instead of at its next poll: a
-- backfill queued (on `mhc_backfills`, naming its id) and a connection's value set, changed or
-- removed (on `mhc_connections`, naming the connection; never the value). The worker still
-- polls, for what was announced while its listening connection was down.
CREATE FUNCTION notify_backfill_queued() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mhc_backfills', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER backfills_notify_queued
    AFTER INSERT OR UPDATE OF status ON backfills
    FOR EACH ROW WHEN (NEW.status = 'queued')
    EXECUTE FUNCTION notify_backfill_queued();

CREATE FUNCTION notify_connection_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mhc_connections', COALESCE(NEW.name, OLD.name));
    RETURN NULL;
END;
$$;

-- A note of how a value fared (written often in real use) changes no value: no announcement.
CREATE TRIGGER connections_notify_set
    AFTER INSERT ON connections
    FOR EACH ROW WHEN (NEW.secret IS NOT NULL)
    EXECUTE FUNCTION notify_connection_changed();

CREATE TRIGGER connections_notify_changed
    AFTER UPDATE OF secret ON connections
    FOR EACH ROW WHEN (OLD.secret IS DISTINCT FROM NEW.secret)
    EXECUTE FUNCTION notify_connection_changed();

CREATE TRIGGER connections_notify_removed
    AFTER DELETE ON connections
    FOR EACH ROW WHEN (OLD.secret IS NOT NULL)
    EXECUTE FUNCTION notify_connection_changed();

-- migrate:down
DROP TRIGGER connections_notify_removed ON connections;
DROP TRIGGER connections_notify_changed ON connections;
DROP TRIGGER connections_notify_set ON connections;
DROP FUNCTION notify_connection_changed();
DROP TRIGGER backfills_notify_queued ON backfills;
DROP FUNCTION notify_backfill_queued();
