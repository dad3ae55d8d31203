SELECT id, service, endpoint, kind, subject, detail, count, first_seen_at, last_seen_at,
       first_example AS example
FROM contract_drift
ORDER BY last_seen_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
