-- One attempt from the shared token bucket, refilled for the time since the last change.
-- The row lock orders concurrent attempts, so a burst cannot take more than there is.
WITH refilled AS (
    SELECT least(
        %(burst)s::double precision,
        tokens + greatest(0, extract(epoch FROM %(now)s::timestamptz - updated_at))
            * %(per_second)s::double precision
    ) AS available
    FROM login_budget WHERE id = 1
    FOR UPDATE
)
UPDATE login_budget b
SET tokens = CASE WHEN r.available >= 1 THEN r.available - 1 ELSE r.available END,
    updated_at = greatest(b.updated_at, %(now)s::timestamptz)
FROM refilled r
WHERE b.id = 1
RETURNING r.available >= 1 AS granted, r.available
