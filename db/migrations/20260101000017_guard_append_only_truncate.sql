-- migrate:up
-- Row triggers do not see TRUNCATE, so until now `TRUNCATE interactions` (or a TRUNCATE ...
-- CASCADE from persons) emptied the append-only tables and the erasure audit without a word.
-- Statement triggers close that door; erasure deletes rows one person at a time and never
-- truncates, so nothing legitimate is refused.
CREATE TRIGGER snapshots_append_only_truncate
    BEFORE TRUNCATE ON snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER interactions_append_only_truncate
    BEFORE TRUNCATE ON interactions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER erasures_append_only_truncate
    BEFORE TRUNCATE ON erasures
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- migrate:down
DROP TRIGGER erasures_append_only_truncate ON erasures;
DROP TRIGGER interactions_append_only_truncate ON interactions;
DROP TRIGGER snapshots_append_only_truncate ON snapshots;
