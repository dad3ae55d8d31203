INSERT INTO alerts (rule_id, rule_kind, rule_name, person_id, username, session_id,
                    interaction_id, reason, fired_at)
VALUES (%(rule_id)s::bigint, %(rule_kind)s::text, %(rule_name)s::text, %(person_id)s::bigint,
        %(username)s::text, %(session_id)s::bigint, %(interaction_id)s::bigint, %(reason)s::text,
        %(fired_at)s::timestamptz)
RETURNING id
