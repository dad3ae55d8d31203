SELECT totp_secret, totp_pending_secret, totp_last_step FROM auth_owner WHERE id = 1
