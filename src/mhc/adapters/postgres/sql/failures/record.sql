INSERT INTO api_failures (service, endpoint, status, message)
VALUES (%(service)s::text, %(endpoint)s::text, %(status)s::integer, %(message)s::text)
