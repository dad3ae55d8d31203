-- migrate:up
-- The panel's connections to outside services (Chaturbate's Events and Stats APIs, Statbate,
-- Statbate Plus, Pushover): a value set from the panel, and how the connection last fared.
--
-- `secret` is authenticated ciphertext (AES-256-GCM, a key derived from MHC_SECRET_KEY, the
-- connection's name bound as associated data): the database, its exports and its backups never
-- hold a value in clear. Health is keyed by `health_fingerprint`, a keyed hash of the value it
-- was measured on, so the outcome of an old value never shows beside a new one.
CREATE TABLE connections (
    name               text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    secret             bytea       CHECK (secret IS NULL OR octet_length(secret) BETWEEN 38 AND 65536),
    secret_set_at      timestamptz,
    health_fingerprint text,
    health_outcome     text        CHECK (health_outcome IN ('working', 'refused', 'failing')),
    health_message     text,
    health_checked_at  timestamptz,
    last_success_at    timestamptz,
    CHECK ((secret IS NULL) = (secret_set_at IS NULL)),
    CHECK ((health_outcome IS NULL) = (health_checked_at IS NULL))
);

-- migrate:down
DROP TABLE connections;
