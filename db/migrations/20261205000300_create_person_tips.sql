-- migrate:up
-- A person's analysis reads every tip of theirs for its amounts: for the bench's whale at 10M
-- that is 15k rows fetched from the interactions heap (their tokens are in the metadata), more
-- than half of the statement. The tips are kept here as well, narrow: the person, the moment,
-- the id, the source and the tokens, in the primary key's index, so the analysis reads them
-- from the index alone. Only a tip whose tokens are a JSON number (what the analysis counts);
-- the tokens exactly as sent (numeric, rounded where read, as before).
--
-- Interactions are append-only: a statement-level trigger copies each inserting statement's
-- tips, and an erasure's deleted rows are deleted here too. No foreign key: the rows are
-- derived.
CREATE TABLE person_tips (
    person_id   bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    id          bigint      NOT NULL,
    source      text        NOT NULL,
    tokens      numeric     NOT NULL,
    PRIMARY KEY (person_id, occurred_at, id) INCLUDE (source, tokens)
);

-- The tips of the persons in `persons` (every person when NULL), from interactions.
CREATE FUNCTION person_tips_of(persons bigint[]) RETURNS SETOF person_tips
LANGUAGE sql STABLE AS $$
    SELECT i.person_id, i.occurred_at, i.id, i.source, (i.metadata -> 'tokens')::numeric
    FROM interactions i
    WHERE i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
      AND (persons IS NULL OR i.person_id = ANY (persons))
    ORDER BY 1, 2, 3
$$;

CREATE FUNCTION person_tips_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_tips
    SELECT n.person_id, n.occurred_at, n.id, n.source, (n.metadata -> 'tokens')::numeric
    FROM new_rows n
    WHERE n.type = 'TIP' AND jsonb_typeof(n.metadata -> 'tokens') = 'number'
    ORDER BY 1, 2, 3;
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_tips_add
    AFTER INSERT ON interactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_tips_add();

-- Only an audited erasure deletes interactions (the append-only guard refuses the rest).
CREATE FUNCTION person_tips_remove() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_tips t
    USING old_rows o
    WHERE o.type = 'TIP'
      AND t.person_id = o.person_id AND t.occurred_at = o.occurred_at AND t.id = o.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_tips_remove
    AFTER DELETE ON interactions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_tips_remove();

INSERT INTO person_tips SELECT * FROM person_tips_of(NULL);

-- migrate:down
DROP TRIGGER interactions_person_tips_remove ON interactions;
DROP TRIGGER interactions_person_tips_add ON interactions;
DROP FUNCTION person_tips_remove();
DROP FUNCTION person_tips_add();
DROP FUNCTION person_tips_of(bigint[]);
DROP TABLE person_tips;
