SELECT id, service, endpoint, status, message, occurred_at
FROM api_failures
ORDER BY occurred_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
