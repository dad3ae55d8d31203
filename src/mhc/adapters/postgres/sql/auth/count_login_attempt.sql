-- Count one login attempt of a client and, from the `free_attempts`-th on, lock the next ones
-- for an exponentially growing delay, before the password is even checked (a success clears
-- the row; the first attempt of a window is always free). Locking up front keeps a burst of
-- parallel guesses from slipping through. While a lock runs nothing changes: the attempt is
-- refused and `blocked_until` says until when.
WITH previous AS (
    SELECT locked_until FROM login_throttle WHERE client = %(client)s FOR UPDATE
), counted AS (
    INSERT INTO login_throttle AS t (client, attempts, first_attempt_at, locked_until)
    VALUES (
        %(client)s, 1, %(now)s::timestamptz,
        NULL)
    ON CONFLICT (client) DO UPDATE SET
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
    RETURNING t.attempts
)
SELECT
    counted.attempts,
    CASE WHEN (SELECT locked_until FROM previous) > %(now)s::timestamptz
         THEN (SELECT locked_until FROM previous) END AS blocked_until
FROM counted
