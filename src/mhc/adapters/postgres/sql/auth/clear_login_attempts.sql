DELETE FROM login_throttle WHERE client = %(client)s
