-- Each wanted person's card fingerprint: their interactions (a new one adds to the count) and
-- the version the card_versions triggers move on every other change of their card's facts.
-- Excluded and unknown persons are left out, as card_facts leaves them out.
SELECT p.id, t.interactions, COALESCE(v.version, 0)
FROM persons p
LEFT JOIN person_totals t ON t.person_id = p.id
LEFT JOIN card_versions v ON v.person_id = p.id
WHERE p.id = ANY (%(person_ids)s::bigint[]) AND NOT p.is_excluded
