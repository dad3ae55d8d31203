-- migrate:up
-- Snapshots and interactions are append-only. The one exception is an explicit,
-- audited erasure ("forget this person"), which sets mhc.allow_erasure for its transaction.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('mhc.allow_erasure', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

-- migrate:down
DROP FUNCTION refuse_append_only_change();
