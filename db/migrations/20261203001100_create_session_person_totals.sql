-- migrate:up
-- What the sessions list, the Hudson page and a session's summary show of each session (tips
-- and their tokens, tippers and the top five, follows, messages, unique visitors), kept as rows
-- arrive instead of re-adding each shown session's ~2,000 rows on every read.
--
-- The totals leave out whoever is excluded at the time of reading (and the broadcaster's own
-- events), so they are kept in two parts:
-- - session_person_totals: one row per (session, person) with that person's figures in the
--   session. A read subtracts the excluded persons' and the broadcaster's rows, found by
--   primary key, and walks the tippers' index for the top five.
-- - session_totals: one row per session with the sums over every person (visitors and tippers
--   are the persons with a row, and with a tip; tokens are each person's rounded sum, added up,
--   as the read rounded them), so a change of exclusion needs no upkeep.
--
-- Interactions are append-only: a statement-level trigger adds each inserting statement's rows
-- (one aggregate per statement; upserts in key order, the (session, person) rows first, then the
-- sessions', so that two writers take the row locks in the same order). An upsert's RETURNING
-- gives each pair's figures after it, so the session's change (a new visitor, a first tip, the
-- new rounding of a tipper's tokens) is exact whoever wrote the pair before. An erasure deletes,
-- and the affected sessions are counted again from what is left. Tokens are summed exactly
-- (numeric) and rounded where shown, as the read did. No foreign keys: the rows are derived.
CREATE TABLE session_person_totals (
    session_id          bigint      NOT NULL,
    person_id           bigint      NOT NULL,
    interactions        bigint      NOT NULL,
    tips                bigint      NOT NULL,
    tip_tokens          numeric     NOT NULL,
    follows             bigint      NOT NULL,
    unfollows           bigint      NOT NULL,
    chat_messages       bigint      NOT NULL,
    private_messages    bigint      NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
-- A session's top tippers, biggest first.
CREATE INDEX session_person_totals_tippers_idx
    ON session_person_totals (session_id, round(tip_tokens) DESC) WHERE tips > 0;

CREATE TABLE session_totals (
    session_id          bigint      PRIMARY KEY,
    interactions        bigint      NOT NULL,
    visitors            bigint      NOT NULL,
    tippers             bigint      NOT NULL,
    tips                bigint      NOT NULL,
    tokens              numeric     NOT NULL,
    follows             bigint      NOT NULL,
    unfollows           bigint      NOT NULL,
    chat_messages       bigint      NOT NULL,
    private_messages    bigint      NOT NULL
);

-- The totals of the sessions in `sessions` (every session when NULL), from session_person_totals.
CREATE FUNCTION session_totals_of(sessions bigint[]) RETURNS SETOF session_totals
LANGUAGE sql STABLE AS $$
    SELECT t.session_id,
           sum(t.interactions),
           count(*),
           count(*) FILTER (WHERE t.tips > 0),
           sum(t.tips),
           sum(round(t.tip_tokens)),
           sum(t.follows),
           sum(t.unfollows),
           sum(t.chat_messages),
           sum(t.private_messages)
    FROM session_person_totals t
    WHERE sessions IS NULL OR t.session_id = ANY (sessions)
    GROUP BY t.session_id
    ORDER BY t.session_id
$$;

-- The totals of the persons in `persons` (every person when NULL), counted from interactions.
CREATE FUNCTION session_person_totals_of(persons bigint[]) RETURNS SETOF session_person_totals
LANGUAGE sql STABLE AS $$
    SELECT r.stream_session_id,
           r.person_id,
           count(*),
           count(*) FILTER (WHERE r.type = 'TIP'),
           COALESCE(sum(r.tokens), 0),
           count(*) FILTER (WHERE r.type = 'FOLLOW'),
           count(*) FILTER (WHERE r.type = 'UNFOLLOW'),
           count(*) FILTER (WHERE r.type = 'CHAT_MESSAGE'),
           count(*) FILTER (WHERE r.type = 'PRIVATE_MESSAGE')
    FROM (SELECT i.stream_session_id, i.person_id, i.type,
                 CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
                      THEN (i.metadata ->> 'tokens')::numeric END AS tokens
          FROM interactions i
          WHERE i.stream_session_id IS NOT NULL AND i.person_id IS NOT NULL
            AND (persons IS NULL OR i.person_id = ANY (persons))) AS r
    GROUP BY r.stream_session_id, r.person_id
    ORDER BY r.stream_session_id, r.person_id
$$;

CREATE FUNCTION session_person_totals_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS (
        SELECT r.stream_session_id AS session_id,
               r.person_id,
               count(*) AS interactions,
               count(*) FILTER (WHERE r.type = 'TIP') AS tips,
               COALESCE(sum(r.tokens), 0) AS tip_tokens,
               count(*) FILTER (WHERE r.type = 'FOLLOW') AS follows,
               count(*) FILTER (WHERE r.type = 'UNFOLLOW') AS unfollows,
               count(*) FILTER (WHERE r.type = 'CHAT_MESSAGE') AS chat_messages,
               count(*) FILTER (WHERE r.type = 'PRIVATE_MESSAGE') AS private_messages
        FROM (SELECT n.stream_session_id, n.person_id, n.type,
                     CASE WHEN n.type = 'TIP' AND jsonb_typeof(n.metadata -> 'tokens') = 'number'
                          THEN (n.metadata ->> 'tokens')::numeric END AS tokens
              FROM new_rows n
              WHERE n.stream_session_id IS NOT NULL) AS r
        GROUP BY r.stream_session_id, r.person_id
    ), kept AS (
        INSERT INTO session_person_totals AS t
        SELECT * FROM added a ORDER BY a.session_id, a.person_id
        ON CONFLICT (session_id, person_id) DO UPDATE SET
            interactions = t.interactions + EXCLUDED.interactions,
            tips = t.tips + EXCLUDED.tips,
            tip_tokens = t.tip_tokens + EXCLUDED.tip_tokens,
            follows = t.follows + EXCLUDED.follows,
            unfollows = t.unfollows + EXCLUDED.unfollows,
            chat_messages = t.chat_messages + EXCLUDED.chat_messages,
            private_messages = t.private_messages + EXCLUDED.private_messages
        -- The pair's figures after this statement, and whether it is new (no row before).
        RETURNING t.session_id, t.person_id, t.tips, t.tip_tokens, t.xmax = 0 AS created
    )
    INSERT INTO session_totals AS s
    SELECT k.session_id,
           sum(a.interactions),
           count(*) FILTER (WHERE k.created),
           count(*) FILTER (WHERE k.tips > 0 AND k.tips = a.tips),
           sum(a.tips),
           sum(round(k.tip_tokens) - round(k.tip_tokens - a.tip_tokens)),
           sum(a.follows),
           sum(a.unfollows),
           sum(a.chat_messages),
           sum(a.private_messages)
    FROM kept k
    JOIN added a ON a.session_id = k.session_id AND a.person_id = k.person_id
    GROUP BY k.session_id
    ORDER BY k.session_id
    ON CONFLICT (session_id) DO UPDATE SET
        interactions = s.interactions + EXCLUDED.interactions,
        visitors = s.visitors + EXCLUDED.visitors,
        tippers = s.tippers + EXCLUDED.tippers,
        tips = s.tips + EXCLUDED.tips,
        tokens = s.tokens + EXCLUDED.tokens,
        follows = s.follows + EXCLUDED.follows,
        unfollows = s.unfollows + EXCLUDED.unfollows,
        chat_messages = s.chat_messages + EXCLUDED.chat_messages,
        private_messages = s.private_messages + EXCLUDED.private_messages;
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_session_person_totals_add
    AFTER INSERT ON interactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_person_totals_add();

-- Only an audited erasure deletes interactions (the append-only guard refuses the rest): the
-- affected persons' rows are counted again from what is left.
CREATE FUNCTION session_person_totals_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected bigint[] := ARRAY(SELECT DISTINCT o.person_id FROM old_rows o
                               ORDER BY 1);
    sessions bigint[] := ARRAY(SELECT DISTINCT o.stream_session_id FROM old_rows o
                               WHERE o.stream_session_id IS NOT NULL ORDER BY 1);
BEGIN
    -- The pairs the deleted rows touched, by primary key (no index on person_id needed).
    DELETE FROM session_person_totals t
    USING (SELECT DISTINCT o.stream_session_id, o.person_id FROM old_rows o
           WHERE o.stream_session_id IS NOT NULL AND o.person_id IS NOT NULL) AS gone
    WHERE t.session_id = gone.stream_session_id AND t.person_id = gone.person_id;
    INSERT INTO session_person_totals AS t
    SELECT * FROM session_person_totals_of(affected)
    ON CONFLICT (session_id, person_id) DO UPDATE SET
        interactions = EXCLUDED.interactions,
        tips = EXCLUDED.tips,
        tip_tokens = EXCLUDED.tip_tokens,
        follows = EXCLUDED.follows,
        unfollows = EXCLUDED.unfollows,
        chat_messages = EXCLUDED.chat_messages,
        private_messages = EXCLUDED.private_messages;
    DELETE FROM session_totals WHERE session_id = ANY (sessions);
    INSERT INTO session_totals SELECT * FROM session_totals_of(sessions);
    RETURN NULL;
END;
$$;

CREATE TRIGGER interactions_session_person_totals_recount
    AFTER DELETE ON interactions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_person_totals_recount();

INSERT INTO session_person_totals SELECT * FROM session_person_totals_of(NULL);
INSERT INTO session_totals SELECT * FROM session_totals_of(NULL);

-- migrate:down
DROP TRIGGER interactions_session_person_totals_recount ON interactions;
DROP TRIGGER interactions_session_person_totals_add ON interactions;
DROP FUNCTION session_person_totals_recount();
DROP FUNCTION session_person_totals_add();
DROP FUNCTION session_totals_of(bigint[]);
DROP FUNCTION session_person_totals_of(bigint[]);
DROP TABLE session_totals;
DROP TABLE session_person_totals;
