-- A call failed as a whole: its people stay queued and are tried again later.
UPDATE statbate_lookups
SET attempts = attempts + 1,
    next_attempt_at = now() + make_interval(secs => %(delay)s::double precision),
    error = %(error)s::text,
    updated_at = now()
WHERE person_id = ANY (%(person_ids)s::bigint[]) AND status = 'queued'
