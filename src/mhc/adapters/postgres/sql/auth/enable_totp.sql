UPDATE auth_owner
SET totp_secret = %(secret)s, totp_pending_secret = NULL, totp_last_step = %(step)s,
    updated_at = now()
WHERE id = 1
