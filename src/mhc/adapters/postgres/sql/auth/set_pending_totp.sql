UPDATE auth_owner SET totp_pending_secret = %(secret)s, updated_at = now() WHERE id = 1
