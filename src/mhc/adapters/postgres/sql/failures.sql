-- name: record
INSERT INTO api_failures (service, endpoint, status, message)
VALUES (%(service)s::text, %(endpoint)s::text, %(status)s::integer, %(message)s::text);

-- name: recent
SELECT id, service, endpoint, status, message, occurred_at
FROM api_failures
ORDER BY occurred_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;
