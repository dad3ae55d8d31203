-- migrate:up
CREATE TABLE persons (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username        text        NOT NULL CHECK (username = lower(username) AND username ~ '^[a-z0-9_]{1,64}$'),
    platform        text        NOT NULL DEFAULT 'chaturbate',
    role            text        NOT NULL DEFAULT 'UNKNOWN' CHECK (role IN ('MODEL', 'VIEWER', 'BOTH', 'UNKNOWN')),
    rid             bigint,
    did             bigint,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    is_excluded     boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- Usernames are stored lower-case (the CHECK above); the unique index makes them case-insensitive.
CREATE UNIQUE INDEX persons_platform_username_key ON persons (platform, lower(username));
CREATE INDEX persons_username_prefix_idx ON persons (username text_pattern_ops);
CREATE INDEX persons_last_seen_idx ON persons (last_seen_at DESC);

CREATE TABLE person_aliases (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   bigint      NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    alias       text        NOT NULL CHECK (alias = lower(alias) AND alias ~ '^[a-z0-9_]{1,64}$'),
    platform    text        NOT NULL DEFAULT 'chaturbate',
    valid_from  timestamptz NOT NULL DEFAULT now(),
    valid_to    timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX person_aliases_platform_alias_key ON person_aliases (platform, lower(alias));
CREATE INDEX person_aliases_person_idx ON person_aliases (person_id);
CREATE INDEX person_aliases_alias_prefix_idx ON person_aliases (alias text_pattern_ops);

-- migrate:down
DROP TABLE person_aliases;
DROP TABLE persons;
