-- The newest alert each of the rules sent about the person.
SELECT DISTINCT ON (a.rule_id) a.rule_id, a.fired_at, a.session_id
FROM alerts a
WHERE a.person_id = %(person_id)s::bigint AND a.rule_id = ANY (%(rule_ids)s::bigint[])
ORDER BY a.rule_id, a.fired_at DESC, a.id DESC
