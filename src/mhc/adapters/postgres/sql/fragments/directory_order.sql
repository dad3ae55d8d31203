CASE WHEN %(sort)s::text = 'username' AND NOT %(descending)s::boolean THEN f.username END ASC,
CASE WHEN %(sort)s::text = 'username' AND %(descending)s::boolean THEN f.username END DESC,
CASE WHEN %(sort)s::text = 'lastSeen' AND NOT %(descending)s::boolean THEN f.last_seen_at END ASC,
CASE WHEN %(sort)s::text = 'lastSeen' AND %(descending)s::boolean THEN f.last_seen_at END DESC,
CASE WHEN %(sort)s::text = 'firstSeen' AND NOT %(descending)s::boolean THEN f.first_seen_at END ASC,
CASE WHEN %(sort)s::text = 'firstSeen' AND %(descending)s::boolean THEN f.first_seen_at END DESC,
CASE WHEN %(sort)s::text = 'spend' AND NOT %(descending)s::boolean THEN f.spend END ASC,
CASE WHEN %(sort)s::text = 'spend' AND %(descending)s::boolean THEN f.spend END DESC,
f.id DESC
