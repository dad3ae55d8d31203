-- migrate:up
-- The people directory finds a person by any part of a username, an alias, a note or a tag
-- ("fox" finds big_fox_7). A LIKE '%fox%' would read every person; instead each person has one
-- row here: the searchable text in lower case, and every distinct 1-, 2- and 3-character
-- piece of it in a GIN-indexed array. A search asks for the rows holding all 3-character
-- pieces of the query (the query itself when it is shorter), which the index answers by
-- intersecting posting lists, then keeps those whose text really contains the query. This is
-- what pg_trgm does, with nothing but built-in array operators, so it works on any PostgreSQL.
-- Triggers keep the rows in step with the tables the text comes from.

CREATE FUNCTION search_grams(document text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT gram), '{}')
    FROM generate_series(1, 3) AS n,
         generate_series(1, length(document) - n + 1) AS position,
         substr(document, position, n) AS gram
    WHERE strpos(gram, E'\n') = 0
$$;

-- The pieces a document must hold to contain `query`.
CREATE FUNCTION search_key_grams(query text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN length(query) <= 3 THEN ARRAY[query]
        ELSE (SELECT array_agg(DISTINCT substr(query, position, 3))
              FROM generate_series(1, length(query) - 2) AS position)
    END
$$;

-- No foreign key: the row is derived, not data about the person. A trigger removes it with the
-- person, so an erasure forgets it without counting it as one of the person's tables.
CREATE TABLE person_search (
    person_id   bigint  PRIMARY KEY,
    document    text    NOT NULL,
    grams       text[]  NOT NULL
);
CREATE INDEX person_search_grams_idx ON person_search USING gin (grams);

CREATE FUNCTION person_search_document(person bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT lower(concat_ws(E'\n',
        p.username,
        (SELECT string_agg(a.alias, E'\n' ORDER BY a.id)
         FROM person_aliases a WHERE a.person_id = p.id),
        (SELECT string_agg(n.content, E'\n' ORDER BY n.id)
         FROM notes n WHERE n.person_id = p.id),
        (SELECT string_agg(t.key || ' ' || t.value, E'\n' ORDER BY t.id)
         FROM attributes t WHERE t.person_id = p.id)))
    FROM persons p
    WHERE p.id = person
$$;

CREATE FUNCTION refresh_person_search(person bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    document text := person_search_document(person);
BEGIN
    IF document IS NULL THEN
        -- The person is gone (an erasure removes the rows about them first).
        DELETE FROM person_search WHERE person_id = person;
        RETURN;
    END IF;
    INSERT INTO person_search (person_id, document, grams)
    VALUES (person, document, search_grams(document))
    ON CONFLICT (person_id) DO UPDATE
        SET document = EXCLUDED.document, grams = EXCLUDED.grams
        WHERE person_search.document IS DISTINCT FROM EXCLUDED.document;
END;
$$;

-- New persons arrive in batches from the worker: one statement, one insert here.
CREATE FUNCTION person_search_add_persons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_search (person_id, document, grams)
    SELECT added.id, lower(added.username), search_grams(lower(added.username))
    FROM new_persons added
    ON CONFLICT (person_id) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_search_add
    AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_search_add_persons();

CREATE FUNCTION person_search_refresh_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM refresh_person_search(OLD.person_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.person_id <> OLD.person_id) THEN
        PERFORM refresh_person_search(NEW.person_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION person_search_remove_persons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_search s USING old_persons gone WHERE s.person_id = gone.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_search_remove
    AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_search_remove_persons();

CREATE FUNCTION person_search_refresh_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_person_search(NEW.id);
    RETURN NULL;
END;
$$;

-- Only a change of name rewrites the row: the worker's last-seen updates never touch it.
CREATE TRIGGER persons_search_rename
    AFTER UPDATE OF username ON persons
    FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username)
    EXECUTE FUNCTION person_search_refresh_person();

CREATE TRIGGER person_aliases_search
    AFTER INSERT OR UPDATE OR DELETE ON person_aliases
    FOR EACH ROW EXECUTE FUNCTION person_search_refresh_row();

CREATE TRIGGER notes_search
    AFTER INSERT OR UPDATE OR DELETE ON notes
    FOR EACH ROW EXECUTE FUNCTION person_search_refresh_row();

CREATE TRIGGER attributes_search
    AFTER INSERT OR UPDATE OR DELETE ON attributes
    FOR EACH ROW EXECUTE FUNCTION person_search_refresh_row();

INSERT INTO person_search (person_id, document, grams)
SELECT p.id, d.document, search_grams(d.document)
FROM persons p
CROSS JOIN LATERAL (SELECT person_search_document(p.id) AS document) AS d;

-- migrate:down
DROP TRIGGER attributes_search ON attributes;
DROP TRIGGER notes_search ON notes;
DROP TRIGGER person_aliases_search ON person_aliases;
DROP TRIGGER persons_search_rename ON persons;
DROP TRIGGER persons_search_add ON persons;
DROP TRIGGER persons_search_remove ON persons;
DROP TABLE person_search;
DROP FUNCTION person_search_refresh_person();
DROP FUNCTION person_search_refresh_row();
DROP FUNCTION person_search_add_persons();
DROP FUNCTION person_search_remove_persons();
DROP FUNCTION refresh_person_search(bigint);
DROP FUNCTION person_search_document(bigint);
DROP FUNCTION search_key_grams(text);
DROP FUNCTION search_grams(text);
