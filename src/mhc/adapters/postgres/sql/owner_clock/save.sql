INSERT INTO owner_clock (id, timezone, clock, updated_at)
VALUES (true, %(timezone)s, %(clock)s, now())
ON CONFLICT (id) DO UPDATE
SET timezone = EXCLUDED.timezone, clock = EXCLUDED.clock, updated_at = EXCLUDED.updated_at
