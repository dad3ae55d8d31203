INSERT INTO auth_recovery_codes (code_hash)
SELECT unnest(%(code_hashes)s::bytea[])
