-- migrate:up
-- A person's analysis folded their kept hourly groups (person_activity_hours) three ways on
-- every view: by hour, by session, by type and source. For the bench's whale at 10M that is
-- 72k groups hashed into 24k results, most of the statement's time. The three folds are kept
-- here as the groups are, so the analysis reads the 24k results and folds nothing:
-- - person_activity_by_hour: the person's activity in each whole UTC hour, and its newest id;
-- - person_activity_by_session: in each session, their chat messages, tips and newest id;
-- - person_activity_by_kind: how many of each type from each source.
-- Only activity counts (`activity_types()`, the domain's ACTIVITY_TYPES): the analysis asks for
-- nothing else, and a fold cannot be filtered by type afterwards. Imported chat history is not
-- here; the analysis adds the lines of the owner's room itself.
--
-- The same trigger keeps the groups and their folds: each inserting statement's rows are
-- aggregated once into hourly groups, which are added to person_activity_hours and folded into
-- the three (upserts in key order); an erasure counts the affected persons' groups again from
-- what is left, then their folds from those groups.
CREATE FUNCTION activity_types() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '{CHAT_MESSAGE,PRIVATE_MESSAGE,TIP,FOLLOW,UNFOLLOW,FANCLUB_JOIN,MEDIA_PURCHASE,USER_ENTER,USER_LEAVE}'::text[]
$$;

CREATE TABLE person_activity_by_hour (
    person_id   bigint      NOT NULL,
    bin         timestamptz NOT NULL,
    n           bigint      NOT NULL,
    last_id     bigint      NOT NULL,
    PRIMARY KEY (person_id, bin)
);

-- Only the rows of a session (the analysis counts sessions attended).
CREATE TABLE person_activity_by_session (
    person_id   bigint      NOT NULL,
    session_id  bigint      NOT NULL,
    chats       bigint      NOT NULL,
    tips        bigint      NOT NULL,
    last_id     bigint      NOT NULL,
    PRIMARY KEY (person_id, session_id)
);

CREATE TABLE person_activity_by_kind (
    person_id   bigint      NOT NULL,
    type        text        NOT NULL,
    source      text        NOT NULL,
    n           bigint      NOT NULL,
    PRIMARY KEY (person_id, type, source)
);

-- The folds of the kept groups of the persons in `persons` (every person when NULL).
CREATE FUNCTION person_activity_by_hour_of(persons bigint[])
RETURNS SETOF person_activity_by_hour
LANGUAGE sql STABLE AS $$
    SELECT k.person_id, k.bin, sum(k.n), max(k.last_id)
    FROM person_activity_hours k
    WHERE k.type = ANY (activity_types()) AND (persons IS NULL OR k.person_id = ANY (persons))
    GROUP BY 1, 2
    ORDER BY 1, 2
$$;

CREATE FUNCTION person_activity_by_session_of(persons bigint[])
RETURNS SETOF person_activity_by_session
LANGUAGE sql STABLE AS $$
    SELECT k.person_id,
           k.session_id,
           COALESCE(sum(k.n) FILTER (WHERE k.type = 'CHAT_MESSAGE'), 0),
           COALESCE(sum(k.n) FILTER (WHERE k.type = 'TIP'), 0),
           max(k.last_id)
    FROM person_activity_hours k
    WHERE k.type = ANY (activity_types()) AND k.session_id <> 0
      AND (persons IS NULL OR k.person_id = ANY (persons))
    GROUP BY 1, 2
    ORDER BY 1, 2
$$;

CREATE FUNCTION person_activity_by_kind_of(persons bigint[])
RETURNS SETOF person_activity_by_kind
LANGUAGE sql STABLE AS $$
    SELECT k.person_id, k.type, k.source, sum(k.n)
    FROM person_activity_hours k
    WHERE k.type = ANY (activity_types()) AND (persons IS NULL OR k.person_id = ANY (persons))
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
$$;

CREATE OR REPLACE FUNCTION person_activity_hours_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS MATERIALIZED (
        SELECT n.person_id,
               date_bin('1 hour', n.occurred_at, '1970-01-01 00:00:00+00') AS bin,
               COALESCE(n.stream_session_id, 0) AS session_id,
               n.type,
               n.source,
               count(*) AS n,
               max(n.id) AS last_id
        FROM new_rows n
        GROUP BY 1, 2, 3, 4, 5
    ), activity AS (
        SELECT * FROM added a WHERE a.type = ANY (activity_types())
    ), hours AS (
        INSERT INTO person_activity_hours AS t
        SELECT * FROM added a ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (person_id, bin, session_id, type, source) DO UPDATE SET
            n = t.n + EXCLUDED.n,
            last_id = GREATEST(t.last_id, EXCLUDED.last_id)
    ), by_hour AS (
        INSERT INTO person_activity_by_hour AS t
        SELECT a.person_id, a.bin, sum(a.n), max(a.last_id)
        FROM activity a
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (person_id, bin) DO UPDATE SET
            n = t.n + EXCLUDED.n,
            last_id = GREATEST(t.last_id, EXCLUDED.last_id)
    ), by_session AS (
        INSERT INTO person_activity_by_session AS t
        SELECT a.person_id,
               a.session_id,
               COALESCE(sum(a.n) FILTER (WHERE a.type = 'CHAT_MESSAGE'), 0),
               COALESCE(sum(a.n) FILTER (WHERE a.type = 'TIP'), 0),
               max(a.last_id)
        FROM activity a
        WHERE a.session_id <> 0
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (person_id, session_id) DO UPDATE SET
            chats = t.chats + EXCLUDED.chats,
            tips = t.tips + EXCLUDED.tips,
            last_id = GREATEST(t.last_id, EXCLUDED.last_id)
    )
    INSERT INTO person_activity_by_kind AS t
    SELECT a.person_id, a.type, a.source, sum(a.n)
    FROM activity a
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (person_id, type, source) DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION person_activity_hours_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected bigint[] := ARRAY(SELECT DISTINCT o.person_id FROM old_rows o ORDER BY 1);
BEGIN
    DELETE FROM person_activity_hours WHERE person_id = ANY (affected);
    INSERT INTO person_activity_hours SELECT * FROM person_activity_hours_of(affected);
    DELETE FROM person_activity_by_hour WHERE person_id = ANY (affected);
    INSERT INTO person_activity_by_hour SELECT * FROM person_activity_by_hour_of(affected);
    DELETE FROM person_activity_by_session WHERE person_id = ANY (affected);
    INSERT INTO person_activity_by_session SELECT * FROM person_activity_by_session_of(affected);
    DELETE FROM person_activity_by_kind WHERE person_id = ANY (affected);
    INSERT INTO person_activity_by_kind SELECT * FROM person_activity_by_kind_of(affected);
    RETURN NULL;
END;
$$;

INSERT INTO person_activity_by_hour SELECT * FROM person_activity_by_hour_of(NULL);
INSERT INTO person_activity_by_session SELECT * FROM person_activity_by_session_of(NULL);
INSERT INTO person_activity_by_kind SELECT * FROM person_activity_by_kind_of(NULL);

-- migrate:down
CREATE OR REPLACE FUNCTION person_activity_hours_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected bigint[] := ARRAY(SELECT DISTINCT o.person_id FROM old_rows o ORDER BY 1);
BEGIN
    DELETE FROM person_activity_hours WHERE person_id = ANY (affected);
    INSERT INTO person_activity_hours SELECT * FROM person_activity_hours_of(affected);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION person_activity_hours_add() RETURNS trigger
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

DROP FUNCTION person_activity_by_kind_of(bigint[]);
DROP FUNCTION person_activity_by_session_of(bigint[]);
DROP FUNCTION person_activity_by_hour_of(bigint[]);
DROP TABLE person_activity_by_kind;
DROP TABLE person_activity_by_session;
DROP TABLE person_activity_by_hour;
DROP FUNCTION activity_types();
