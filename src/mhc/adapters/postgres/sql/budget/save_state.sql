UPDATE api_call_budgets
SET tat = %(tat)s::timestamptz,
    slowed_until = %(slowed_until)s::timestamptz,
    updated_at = now()
WHERE account = %(account)s::text
