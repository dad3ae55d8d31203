-- migrate:up
CREATE TABLE watchlists (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(btrim(name)) > 0),
    is_system   boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX watchlists_name_key ON watchlists (lower(name));

CREATE TABLE watchlist_members (
    watchlist_id    bigint      NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    person_id       bigint      NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (watchlist_id, person_id)
);
CREATE INDEX watchlist_members_person_idx ON watchlist_members (person_id);

-- The five seeded lists; the application refuses to delete them (is_system).
INSERT INTO watchlists (name, is_system) VALUES
    ('Friends', true),
    ('Known Streamers', true),
    ('Ones to Watch', true),
    ('Banned But Craved', true),
    ('Excluded', true);

CREATE FUNCTION refuse_system_watchlist_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'watchlist "%" is built in and cannot be deleted', OLD.name
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER watchlists_keep_system
    BEFORE DELETE ON watchlists
    FOR EACH ROW WHEN (OLD.is_system) EXECUTE FUNCTION refuse_system_watchlist_delete();

-- migrate:down
DROP TABLE watchlist_members;
DROP TABLE watchlists;
DROP FUNCTION refuse_system_watchlist_delete();
