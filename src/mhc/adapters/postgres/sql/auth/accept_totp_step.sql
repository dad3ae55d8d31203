UPDATE auth_owner
SET totp_last_step = %(step)s, updated_at = now()
WHERE id = 1 AND (totp_last_step IS NULL OR totp_last_step < %(step)s)
RETURNING id
