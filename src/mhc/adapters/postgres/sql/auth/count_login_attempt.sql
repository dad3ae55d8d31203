-- Count one login attempt of a client and, from the `free_attempts`-th on, lock the next ones
-- for an exponentially growing delay, before the password is even checked (a success clears
-- the row). Locking up front keeps a burst of parallel guesses from slipping through: the
-- upsert decides on the latest row version, under its row lock. While a lock runs nothing
-- changes but `refused`, and the caller learns until when to wait. Rows of clients whose window
-- and lock are over go on the way (a few at a time), so forged addresses cannot pile up.
WITH purged AS (
    DELETE FROM login_throttle
    WHERE client IN (
        SELECT client FROM login_throttle
        WHERE first_attempt_at < %(window_start)s::timestamptz
          AND (locked_until IS NULL OR locked_until < %(now)s::timestamptz)
          AND client <> %(client)s::text
        LIMIT 100
    )
)
INSERT INTO login_throttle AS t (client, attempts, first_attempt_at, locked_until, refused)
VALUES (%(client)s, 1, %(now)s::timestamptz, NULL, false)
ON CONFLICT (client) DO UPDATE SET
    refused = t.locked_until IS NOT NULL AND t.locked_until > %(now)s::timestamptz,
    attempts = CASE
        WHEN t.locked_until > %(now)s::timestamptz THEN t.attempts
        WHEN t.first_attempt_at < %(window_start)s::timestamptz THEN 1
        ELSE t.attempts + 1 END,
    first_attempt_at = CASE
        WHEN t.locked_until > %(now)s::timestamptz THEN t.first_attempt_at
        WHEN t.first_attempt_at < %(window_start)s::timestamptz THEN %(now)s::timestamptz
        ELSE t.first_attempt_at END,
    locked_until = CASE
        WHEN t.locked_until > %(now)s::timestamptz THEN t.locked_until
        WHEN t.first_attempt_at < %(window_start)s::timestamptz THEN NULL
        WHEN t.attempts + 1 >= %(free_attempts)s::integer
        THEN %(now)s::timestamptz + make_interval(secs => least(
            %(max_delay)s::double precision,
            %(base_delay)s::double precision
                * power(2, t.attempts + 1 - %(free_attempts)s::integer)))
        END
RETURNING t.attempts, CASE WHEN t.refused THEN t.locked_until END AS blocked_until
