-- migrate:up
-- Browser sessions of the owner. Only a SHA-256 of the cookie value is stored, so a database
-- dump cannot be replayed as a login.
CREATE TABLE auth_sessions (
    token_hash  bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX auth_sessions_expires_idx ON auth_sessions (expires_at);

-- Bearer keys for scripts. The key is shown once at creation; only its SHA-256 and a short
-- display prefix are kept.
CREATE TABLE api_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    prefix        text        NOT NULL,
    key_hash      bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- The single owner account's second factor. The password itself is never stored: it comes
-- from the environment and is hashed in memory at start-up.
CREATE TABLE auth_owner (
    id                    smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    totp_secret           text,
    totp_pending_secret   text,
    -- The last accepted TOTP time step, so a code cannot be replayed within its window.
    totp_last_step        bigint,
    updated_at            timestamptz NOT NULL DEFAULT now()
);
INSERT INTO auth_owner (id) VALUES (1);

-- Failed-login throttling per client address, persisted so a restart does not reset it.
CREATE TABLE login_throttle (
    client            text        PRIMARY KEY,
    attempts          integer     NOT NULL CHECK (attempts >= 0),
    first_attempt_at  timestamptz NOT NULL,
    locked_until      timestamptz,
    -- Whether the latest attempt fell inside a lock (and was refused without a password check).
    refused           boolean     NOT NULL DEFAULT false
);

-- migrate:down
DROP TABLE login_throttle;
DROP TABLE auth_owner;
DROP TABLE api_keys;
DROP TABLE auth_sessions;
