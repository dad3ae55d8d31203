-- One page of the people directory. Run unprepared, so each execution is planned with its
-- actual parameters and the unused filters fold away.
WITH {{directory_filtered}}
SELECT
    (SELECT count(*) FROM filtered) AS total,
    ({{person}}::jsonb || jsonb_build_object(
        'tips_total', CASE WHEN %(needs_spend)s::boolean THEN f.spend ELSE (
            SELECT COALESCE(round(sum({{tip_tokens}})), 0)::bigint
            FROM interactions i WHERE i.person_id = p.id AND i.type = 'TIP') END,
        'last_interaction_at', (
            SELECT i.occurred_at FROM interactions i
            WHERE i.person_id = p.id
            ORDER BY i.occurred_at DESC, i.id DESC
            LIMIT 1)
    ))::text AS entry
FROM filtered f
JOIN persons p ON p.id = f.id
ORDER BY
    CASE WHEN %(sort)s::text = 'username' AND NOT %(descending)s::boolean THEN f.username END ASC,
    CASE WHEN %(sort)s::text = 'username' AND %(descending)s::boolean THEN f.username END DESC,
    CASE WHEN %(sort)s::text = 'lastSeen' AND NOT %(descending)s::boolean THEN f.last_seen_at END ASC,
    CASE WHEN %(sort)s::text = 'lastSeen' AND %(descending)s::boolean THEN f.last_seen_at END DESC,
    CASE WHEN %(sort)s::text = 'firstSeen' AND NOT %(descending)s::boolean THEN f.first_seen_at END ASC,
    CASE WHEN %(sort)s::text = 'firstSeen' AND %(descending)s::boolean THEN f.first_seen_at END DESC,
    CASE WHEN %(sort)s::text = 'spend' AND NOT %(descending)s::boolean THEN f.spend END ASC,
    CASE WHEN %(sort)s::text = 'spend' AND %(descending)s::boolean THEN f.spend END DESC,
    f.id DESC
LIMIT %(limit)s::integer OFFSET %(offset)s::integer
