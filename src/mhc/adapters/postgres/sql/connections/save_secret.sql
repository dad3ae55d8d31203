INSERT INTO connections (name, secret, secret_set_at)
VALUES (%(name)s::text, %(secret)s::bytea, %(at)s::timestamptz)
ON CONFLICT (name) DO UPDATE
SET secret = EXCLUDED.secret,
    secret_set_at = EXCLUDED.secret_set_at
