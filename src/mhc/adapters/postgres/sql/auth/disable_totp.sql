UPDATE auth_owner
SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = now()
WHERE id = 1
