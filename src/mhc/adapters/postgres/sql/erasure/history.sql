SELECT id, erased_at, actor, reason, person_id, username_sha256, username_hmac, counts
FROM erasures
ORDER BY erased_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer
