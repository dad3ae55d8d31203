-- The last success is kept through failures of the same value, forgotten with a new value.
INSERT INTO connections AS c
    (name, health_fingerprint, health_outcome, health_message, health_checked_at, last_success_at)
VALUES (
    %(name)s::text, %(fingerprint)s::text, %(outcome)s::text, %(message)s::text,
    %(checked_at)s::timestamptz,
    CASE WHEN %(outcome)s::text = 'working' THEN %(checked_at)s::timestamptz END
)
ON CONFLICT (name) DO UPDATE
SET health_fingerprint = EXCLUDED.health_fingerprint,
    health_outcome = EXCLUDED.health_outcome,
    health_message = EXCLUDED.health_message,
    health_checked_at = EXCLUDED.health_checked_at,
    last_success_at = COALESCE(
        EXCLUDED.last_success_at,
        CASE WHEN c.health_fingerprint = EXCLUDED.health_fingerprint THEN c.last_success_at END
    )
