-- migrate:up
-- "Forget this person" is the one exception to append-only. The trigger lets a DELETE through
-- only in the transaction whose own id is in mhc.erasure (set with set_config(..., true) by
-- the erasure). A session-wide SET, a role or database default, or a value left on a pooled
-- connection by an earlier transaction never matches the current transaction, so the door
-- cannot be left open. UPDATE stays refused, erasure or not.
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
        AND current_setting('mhc.erasure', true) = pg_current_xact_id()::text THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

-- Whether `subject` names the person (their username or any alias) as a whole word. The failure
-- log keeps names inside endpoints ("GET /members/chaturbate/<name>/info") and messages; an
-- export of the person includes those rows and an erasure deletes them. Usernames and aliases
-- are [a-z0-9_] only (their CHECKs), so they are safe inside the pattern.
CREATE FUNCTION names_person(subject text, person bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM (
            SELECT username AS name FROM persons WHERE id = person
            UNION ALL
            SELECT alias FROM person_aliases WHERE person_id = person
        ) AS names
        WHERE subject ~* ('(^|[^a-z0-9_])' || names.name || '($|[^a-z0-9_])')
    )
$$;

-- The audit of erasures. It keeps no name, since the point is to forget it: only the SHA-256 of
-- the normalised username, which answers "was this name erased?" for a name one already knows.
-- `person_id` has no foreign key: that row is gone.
CREATE TABLE erasures (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    erased_at       timestamptz NOT NULL DEFAULT now(),
    actor           text        NOT NULL CHECK (length(btrim(actor)) BETWEEN 1 AND 200),
    reason          text        CHECK (length(reason) <= 500),
    person_id       bigint      NOT NULL,
    username_sha256 text        NOT NULL CHECK (username_sha256 ~ '^[0-9a-f]{64}$'),
    counts          jsonb       NOT NULL CHECK (jsonb_typeof(counts) = 'object')
);
CREATE INDEX erasures_time_idx ON erasures (erased_at DESC, id DESC);

-- The audit itself is never changed or deleted, not even by an erasure.
CREATE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is an audit log: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER erasures_append_only
    BEFORE UPDATE OR DELETE ON erasures
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

-- migrate:down
DROP TABLE erasures;
DROP FUNCTION refuse_audit_change();
DROP FUNCTION names_person(text, bigint);
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('mhc.allow_erasure', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
