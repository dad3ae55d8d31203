INSERT INTO erasures (actor, reason, person_id, username_hmac, counts)
VALUES (
    %(actor)s::text,
    %(reason)s::text,
    %(person_id)s::bigint,
    %(username_hmac)s::text,
    %(counts)s::jsonb
)
RETURNING id, erased_at, actor, reason, person_id, username_sha256, username_hmac, counts
