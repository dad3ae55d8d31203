-- The account's budget state under its row lock, and the database's clock: every process
-- judges by the same clock, whatever its own says.
WITH created AS (
    INSERT INTO api_call_budgets (account) VALUES (%(account)s::text)
    ON CONFLICT (account) DO NOTHING
)
SELECT tat, slowed_until, clock_timestamp()
FROM api_call_budgets
WHERE account = %(account)s::text
FOR UPDATE
