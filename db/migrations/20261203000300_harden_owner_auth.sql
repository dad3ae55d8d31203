-- migrate:up
-- The owner's password may now live here: chosen on the first run's setup screen (or in the
-- panel), or the argon2 hash of MHC_ADMIN_PASSWORD as last seen, so that a changed variable is
-- noticed. `password_version` goes up with every new password; a session carries the version
-- it was opened with and is valid only while they match.
ALTER TABLE auth_owner
    ADD COLUMN password_hash          text CHECK (password_hash LIKE '$argon2%'),
    ADD COLUMN password_source        text CHECK (password_source IN ('setup', 'environment', 'panel')),
    ADD COLUMN password_version       integer NOT NULL DEFAULT 0,
    ADD COLUMN password_changed_at    timestamptz,
    -- The one-time setup link's token (its SHA-256), while no password exists.
    ADD COLUMN setup_token_hash       bytea CHECK (length(setup_token_hash) = 32),
    ADD COLUMN setup_token_expires_at timestamptz;

-- Where and when each session was seen, so the owner can tell theirs from a stolen one.
ALTER TABLE auth_sessions
    ADD COLUMN id               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN password_version integer NOT NULL DEFAULT 0,
    ADD COLUMN client           text CHECK (length(client) <= 64),
    ADD COLUMN user_agent       text CHECK (length(user_agent) <= 200),
    ADD COLUMN last_seen_at     timestamptz;

-- One-time codes that stand in for the TOTP code when the authenticator is lost; only their
-- SHA-256 is kept.
CREATE TABLE auth_recovery_codes (
    code_hash  bytea       PRIMARY KEY CHECK (length(code_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz
);

-- Throttle keys are addresses: anything longer was forged, and old rows are purged as new
-- attempts come.
DELETE FROM login_throttle WHERE length(client) > 64;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_client_length CHECK (length(client) <= 64);
CREATE INDEX login_throttle_first_attempt_idx ON login_throttle (first_attempt_at);

-- The budget of password checks shared by every client (a token bucket): whatever address a
-- caller claims, the attempts it may make add up here. Starts full.
CREATE TABLE login_budget (
    id         smallint         PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    tokens     double precision NOT NULL CHECK (tokens >= 0),
    updated_at timestamptz      NOT NULL
);
INSERT INTO login_budget (id, tokens, updated_at) VALUES (1, 0, 'epoch');

-- migrate:down
DROP TABLE login_budget;
DROP INDEX login_throttle_first_attempt_idx;
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_client_length;
DROP TABLE auth_recovery_codes;
ALTER TABLE auth_sessions
    DROP COLUMN last_seen_at,
    DROP COLUMN user_agent,
    DROP COLUMN client,
    DROP COLUMN password_version,
    DROP COLUMN id;
ALTER TABLE auth_owner
    DROP COLUMN setup_token_expires_at,
    DROP COLUMN setup_token_hash,
    DROP COLUMN password_changed_at,
    DROP COLUMN password_version,
    DROP COLUMN password_source,
    DROP COLUMN password_hash;
