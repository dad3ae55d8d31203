-- A session-level advisory lock: held until released or until this connection ends.
SELECT pg_try_advisory_lock(hashtextextended(%(name)s, 0))
