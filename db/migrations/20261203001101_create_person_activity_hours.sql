-- migrate:up
-- A person's analysis folds their whole history into groups of (hour, session, type, source):
-- for a whale with 120k interactions that is 120k index entries hashed into ~17k groups on
-- every view. The groups of whole UTC hours are kept here as rows arrive, and the analysis
-- reads them instead whenever its bins are whole hours (every zone whose offset is a whole
-- number of hours); zones with half- or quarter-hour offsets still fold the rows.
--
-- Kept like person_totals: a statement-level trigger adds each inserting statement's rows (one
-- aggregate per statement, upserts in key order); an erasure counts the affected persons again
-- from what is left. Every type is kept (the analysis filters the groups). A row without a
-- session has session_id 0 (the key has no NULLs; sessions are numbered from 1).
CREATE TABLE person_activity_hours (
    person_id   bigint      NOT NULL,
    bin         timestamptz NOT NULL,
    session_id  bigint      NOT NULL,
    type        text        NOT NULL,
    source      text        NOT NULL,
    n           bigint      NOT NULL,
    last_id     bigint      NOT NULL,
    PRIMARY KEY (person_id, bin, session_id, type, source)
);

-- The groups of the persons in `persons` (every person when NULL), from interactions.
CREATE FUNCTION person_activity_hours_of(persons bigint[]) RETURNS SETOF person_activity_hours
LANGUAGE sql STABLE AS $$
    SELECT i.person_id,
           date_bin('1 hour', i.occurred_at, '1970-01-01 00:00:00+00'),
           COALESCE(i.stream_session_id, 0),
           i.type,
           i.source,
           count(*),
           max(i.id)
    FROM interactions i
    WHERE persons IS NULL OR i.person_id = ANY (persons)
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
$$;

CREATE FUNCTION person_activity_hours_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_activity_hours AS t
    SELECT n.person_id,
           date_bin('1 hour', n.occurred_at, '1970-01-01 00:00:00+00'),
           COALESCE(n.stream_session_id, 0),
           n.type,
           n.source,
           count(*),
           max(n.id)
    FROM new_rows n
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (person_id, bin, session_id, type, source) DO UPDATE SET
        n = t.n + EXCLUDED.n,
        last_id = GREATEST(t.last_id, EXCLUDED.last_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_activity_hours_add
    AFTER INSERT ON interactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_activity_hours_add();

-- Only an audited erasure deletes interactions (the append-only guard refuses the rest).
CREATE FUNCTION person_activity_hours_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected bigint[] := ARRAY(SELECT DISTINCT o.person_id FROM old_rows o ORDER BY 1);
BEGIN
    DELETE FROM person_activity_hours WHERE person_id = ANY (affected);
    INSERT INTO person_activity_hours SELECT * FROM person_activity_hours_of(affected);
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_activity_hours_recount
    AFTER DELETE ON interactions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_activity_hours_recount();

INSERT INTO person_activity_hours SELECT * FROM person_activity_hours_of(NULL);

-- migrate:down
DROP TRIGGER interactions_person_activity_hours_recount ON interactions;
DROP TRIGGER interactions_person_activity_hours_add ON interactions;
DROP FUNCTION person_activity_hours_recount();
DROP FUNCTION person_activity_hours_add();
DROP FUNCTION person_activity_hours_of(bigint[]);
DROP TABLE person_activity_hours;
