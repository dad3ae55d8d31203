-- migrate:up
-- person_counts kept one row per role and exclusion, and every writer that created a person
-- or changed a role updated it: the row stayed locked until that writer committed. A worker's
-- batch that created a newcomer and then touched a regular, beside a capture that changed the
-- regular's role and then needed the same counts row, waited for each other: a deadlock, and a
-- failed watchlist snapshot. The paste, the lookups and the backfills create and touch persons
-- in their own orders too.
--
-- Now the rows are changes: each statement inserts its own (no writer waits on another's) and,
-- once the table holds more than a few dozen rows, folds every row no open transaction holds
-- into one row per role and exclusion (SKIP LOCKED: it never waits either). Readers sum the
-- rows of a role and exclusion, a few dozen at most.
ALTER TABLE person_counts DROP CONSTRAINT person_counts_pkey;

CREATE OR REPLACE FUNCTION person_counts_add(changes jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_counts (role, is_excluded, persons)
    SELECT d.role, d.is_excluded, d.persons
    FROM jsonb_to_recordset(changes) AS d (role text, is_excluded boolean, persons bigint);
    IF (SELECT count(*) FROM person_counts) > 32 THEN
        WITH folded AS (
            DELETE FROM person_counts c
            WHERE c.ctid IN (SELECT ctid FROM person_counts FOR UPDATE SKIP LOCKED)
            RETURNING c.role, c.is_excluded, c.persons
        )
        INSERT INTO person_counts (role, is_excluded, persons)
        SELECT f.role, f.is_excluded, sum(f.persons)
        FROM folded f
        GROUP BY f.role, f.is_excluded
        HAVING sum(f.persons) <> 0;
    END IF;
END;
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION person_counts_add(changes jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO person_counts AS c (role, is_excluded, persons)
    SELECT d.role, d.is_excluded, d.persons
    FROM jsonb_to_recordset(changes) AS d (role text, is_excluded boolean, persons bigint)
    ORDER BY d.role, d.is_excluded
    ON CONFLICT (role, is_excluded) DO UPDATE SET persons = c.persons + EXCLUDED.persons
$$;

-- The changes folded into one row per key, as the primary key needs.
CREATE TEMPORARY TABLE person_counts_folded AS
SELECT role, is_excluded, sum(persons) AS persons FROM person_counts GROUP BY role, is_excluded;
DELETE FROM person_counts;
INSERT INTO person_counts SELECT * FROM person_counts_folded;
DROP TABLE person_counts_folded;
ALTER TABLE person_counts ADD PRIMARY KEY (role, is_excluded);
