-- migrate:up
-- How many persons there are of each role, excluded or not, kept as persons come and go: the
-- people directory's total without a filter (or with a role or the excluded filter only) is a
-- sum of at most eight rows instead of a count of every person on every page. Statement-level
-- triggers for inserts and deletes (one update per statement, keys in order); a row trigger for
-- the rare change of role or exclusion, which skips the worker's frequent last-seen updates.
CREATE TABLE person_counts (
    role        text    NOT NULL,
    is_excluded boolean NOT NULL,
    persons     bigint  NOT NULL,
    PRIMARY KEY (role, is_excluded)
);

CREATE FUNCTION person_counts_add(changes jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO person_counts AS c (role, is_excluded, persons)
    SELECT d.role, d.is_excluded, d.persons
    FROM jsonb_to_recordset(changes) AS d (role text, is_excluded boolean, persons bigint)
    ORDER BY d.role, d.is_excluded
    ON CONFLICT (role, is_excluded) DO UPDATE SET persons = c.persons + EXCLUDED.persons
$$;

CREATE FUNCTION person_counts_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM person_counts_add((
        SELECT jsonb_agg(jsonb_build_object('role', role, 'is_excluded', is_excluded,
                                            'persons', n))
        FROM (SELECT role, is_excluded, count(*) AS n FROM new_persons
              GROUP BY role, is_excluded) AS d))
    WHERE EXISTS (SELECT 1 FROM new_persons);
    RETURN NULL;
END;
$$;

CREATE FUNCTION person_counts_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM person_counts_add((
        SELECT jsonb_agg(jsonb_build_object('role', role, 'is_excluded', is_excluded,
                                            'persons', -n))
        FROM (SELECT role, is_excluded, count(*) AS n FROM old_persons
              GROUP BY role, is_excluded) AS d))
    WHERE EXISTS (SELECT 1 FROM old_persons);
    RETURN NULL;
END;
$$;

CREATE FUNCTION person_counts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM person_counts_add(jsonb_build_array(
        jsonb_build_object('role', OLD.role, 'is_excluded', OLD.is_excluded, 'persons', -1),
        jsonb_build_object('role', NEW.role, 'is_excluded', NEW.is_excluded, 'persons', 1)));
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_counts_insert
    AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_counts_inserted();

CREATE TRIGGER persons_counts_delete
    AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_counts_deleted();

CREATE TRIGGER persons_counts_change
    AFTER UPDATE OF role, is_excluded ON persons
    FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.is_excluded IS DISTINCT FROM NEW.is_excluded)
    EXECUTE FUNCTION person_counts_changed();

INSERT INTO person_counts (role, is_excluded, persons)
SELECT role, is_excluded, count(*) FROM persons GROUP BY role, is_excluded;

-- migrate:down
DROP TRIGGER persons_counts_change ON persons;
DROP TRIGGER persons_counts_delete ON persons;
DROP TRIGGER persons_counts_insert ON persons;
DROP FUNCTION person_counts_changed();
DROP FUNCTION person_counts_deleted();
DROP FUNCTION person_counts_inserted();
DROP FUNCTION person_counts_add(jsonb);
DROP TABLE person_counts;
