-- How many of a person's interactions pass the filters (until exclusive).
SELECT count(*)
FROM interactions i
WHERE i.person_id = %(person_id)s::bigint
  AND {{interaction_filters}}
