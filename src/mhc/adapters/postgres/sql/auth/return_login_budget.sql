UPDATE login_budget SET tokens = least(%(burst)s::double precision, tokens + 1) WHERE id = 1
