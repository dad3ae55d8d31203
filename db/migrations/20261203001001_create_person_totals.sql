-- migrate:up
-- What the person page, the people directory, the radar cards and the watchlists show of a
-- person's whole history (how many events, when the last, tips and their tokens, messages and
-- visits in the owner's room), kept per person as rows arrive instead of counted at every read:
-- a regular with 100k events would otherwise cost 100k index entries on each page view, and
-- sorting the directory by spend would sum every tip in the table.
--
-- Interactions are append-only: a statement-level trigger adds each inserting statement's rows
-- (one aggregate per statement, one upsert per person, in person order so that two writers take
-- the row locks in the same order); an erasure deletes, and the person's totals are counted
-- again from what is left. "Room" means the owner's room as the person page counts it (the
-- Events API and imported chat); tokens are summed exactly (numeric) and rounded where shown.
-- Every person has a row (zeros until their first interaction), so the directory can walk the
-- spend index and join persons instead of scanning every person to find the top spenders.
-- No foreign key: like person_search, the row is derived, not data about the person; a trigger
-- removes it with the person.
CREATE TABLE person_totals (
    person_id           bigint      PRIMARY KEY,
    interactions        bigint      NOT NULL,
    last_at             timestamptz,
    tips                bigint      NOT NULL,
    tip_tokens          numeric     NOT NULL,
    room_messages       bigint      NOT NULL,
    room_visits         bigint      NOT NULL,
    room_last_at        timestamptz,
    room_tips           bigint      NOT NULL,
    room_tip_tokens     numeric     NOT NULL,
    room_last_tip_at    timestamptz
);
-- The directory sorted by spend reads the top spenders here.
CREATE INDEX person_totals_spend_idx ON person_totals (round(tip_tokens) DESC, person_id DESC);

-- The totals of the persons in `persons` (every person when NULL), counted from interactions.
CREATE FUNCTION person_totals_of(persons bigint[]) RETURNS SETOF person_totals
LANGUAGE sql STABLE AS $$
    SELECT r.person_id,
           count(*),
           max(r.occurred_at),
           count(*) FILTER (WHERE r.type = 'TIP'),
           COALESCE(sum(r.tokens), 0),
           count(*) FILTER (WHERE r.room AND r.type IN ('CHAT_MESSAGE', 'PRIVATE_MESSAGE')),
           count(*) FILTER (WHERE r.room AND r.type = 'USER_ENTER'),
           max(r.occurred_at) FILTER (WHERE r.room),
           count(*) FILTER (WHERE r.room AND r.type = 'TIP'),
           COALESCE(sum(r.tokens) FILTER (WHERE r.room), 0),
           max(r.occurred_at) FILTER (WHERE r.room AND r.type = 'TIP')
    FROM (SELECT i.person_id, i.type, i.occurred_at,
                 i.source IN ('cb_events', 'statbate_plus') AS room,
                 CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
                      THEN (i.metadata ->> 'tokens')::numeric END AS tokens
          FROM interactions i
          WHERE persons IS NULL OR i.person_id = ANY (persons)) AS r
    GROUP BY r.person_id
$$;

CREATE FUNCTION person_totals_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_totals AS t
    SELECT r.person_id,
           count(*),
           max(r.occurred_at),
           count(*) FILTER (WHERE r.type = 'TIP'),
           COALESCE(sum(r.tokens), 0),
           count(*) FILTER (WHERE r.room AND r.type IN ('CHAT_MESSAGE', 'PRIVATE_MESSAGE')),
           count(*) FILTER (WHERE r.room AND r.type = 'USER_ENTER'),
           max(r.occurred_at) FILTER (WHERE r.room),
           count(*) FILTER (WHERE r.room AND r.type = 'TIP'),
           COALESCE(sum(r.tokens) FILTER (WHERE r.room), 0),
           max(r.occurred_at) FILTER (WHERE r.room AND r.type = 'TIP')
    FROM (SELECT n.person_id, n.type, n.occurred_at,
                 n.source IN ('cb_events', 'statbate_plus') AS room,
                 CASE WHEN n.type = 'TIP' AND jsonb_typeof(n.metadata -> 'tokens') = 'number'
                      THEN (n.metadata ->> 'tokens')::numeric END AS tokens
          FROM new_rows n) AS r
    GROUP BY r.person_id
    ORDER BY r.person_id
    ON CONFLICT (person_id) DO UPDATE SET
        interactions = t.interactions + EXCLUDED.interactions,
        -- GREATEST skips NULLs: a statement without room events keeps the room's last time.
        last_at = GREATEST(t.last_at, EXCLUDED.last_at),
        tips = t.tips + EXCLUDED.tips,
        tip_tokens = t.tip_tokens + EXCLUDED.tip_tokens,
        room_messages = t.room_messages + EXCLUDED.room_messages,
        room_visits = t.room_visits + EXCLUDED.room_visits,
        room_last_at = GREATEST(t.room_last_at, EXCLUDED.room_last_at),
        room_tips = t.room_tips + EXCLUDED.room_tips,
        room_tip_tokens = t.room_tip_tokens + EXCLUDED.room_tip_tokens,
        room_last_tip_at = GREATEST(t.room_last_tip_at, EXCLUDED.room_last_tip_at);
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_totals_add
    AFTER INSERT ON interactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_totals_add();

-- The zeros of persons without interactions.
CREATE FUNCTION person_totals_zero(persons bigint[]) RETURNS SETOF person_totals
LANGUAGE sql STABLE AS $$
    SELECT p.id, 0, NULL::timestamptz, 0, 0, 0, 0, NULL::timestamptz, 0, 0, NULL::timestamptz
    FROM persons p
    WHERE (persons IS NULL OR p.id = ANY (persons))
      AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.person_id = p.id)
$$;

-- Only an audited erasure deletes interactions (the append-only guard refuses the rest).
CREATE FUNCTION person_totals_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected bigint[] := ARRAY(SELECT DISTINCT o.person_id FROM old_rows o ORDER BY 1);
BEGIN
    DELETE FROM person_totals WHERE person_id = ANY (affected);
    INSERT INTO person_totals SELECT * FROM person_totals_of(affected);
    INSERT INTO person_totals SELECT * FROM person_totals_zero(affected);
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_person_totals_recount
    AFTER DELETE ON interactions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION person_totals_recount();

CREATE FUNCTION person_totals_add_persons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_totals
    SELECT added.id, 0, NULL::timestamptz, 0, 0, 0, 0, NULL::timestamptz, 0, 0, NULL::timestamptz
    FROM new_persons added
    ORDER BY added.id
    ON CONFLICT (person_id) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_totals_add
    AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_totals_add_persons();

CREATE FUNCTION person_totals_remove_persons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_totals t USING old_persons gone WHERE t.person_id = gone.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_totals_remove
    AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_persons
    FOR EACH STATEMENT EXECUTE FUNCTION person_totals_remove_persons();

INSERT INTO person_totals SELECT * FROM person_totals_of(NULL);
INSERT INTO person_totals SELECT * FROM person_totals_zero(NULL);

-- migrate:down
DROP TRIGGER persons_totals_remove ON persons;
DROP TRIGGER persons_totals_add ON persons;
DROP FUNCTION person_totals_remove_persons();
DROP FUNCTION person_totals_add_persons();
DROP TRIGGER interactions_person_totals_recount ON interactions;
DROP TRIGGER interactions_person_totals_add ON interactions;
DROP FUNCTION person_totals_recount();
DROP FUNCTION person_totals_add();
DROP FUNCTION person_totals_zero(bigint[]);
DROP FUNCTION person_totals_of(bigint[]);
DROP TABLE person_totals;
