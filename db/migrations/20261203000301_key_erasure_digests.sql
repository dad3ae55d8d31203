-- migrate:up
-- An erasure's audit keeps a keyed digest of the name (HMAC-SHA-256 with the panel's secret
-- key) instead of its bare SHA-256: usernames are public, so anyone holding the database could
-- confirm a guess against a bare hash. Earlier rows keep their SHA-256 (the name is gone, so it
-- cannot be keyed now); new rows have the HMAC only. Either answers "was this name erased?"
-- for a name one already knows, which is what keeps an import from bringing it back.
ALTER TABLE erasures
    ALTER COLUMN username_sha256 DROP NOT NULL,
    ADD COLUMN username_hmac text CHECK (username_hmac ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT erasures_name_digest
        CHECK (username_sha256 IS NOT NULL OR username_hmac IS NOT NULL);
CREATE INDEX erasures_username_hmac_idx ON erasures (username_hmac);
CREATE INDEX erasures_username_sha256_idx ON erasures (username_sha256);

-- migrate:down
DROP INDEX erasures_username_sha256_idx;
DROP INDEX erasures_username_hmac_idx;
ALTER TABLE erasures
    DROP CONSTRAINT erasures_name_digest,
    DROP COLUMN username_hmac;
