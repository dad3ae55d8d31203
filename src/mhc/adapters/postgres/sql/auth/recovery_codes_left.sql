SELECT count(*) FROM auth_recovery_codes WHERE used_at IS NULL
