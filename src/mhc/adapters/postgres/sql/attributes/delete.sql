DELETE FROM attributes
WHERE person_id = %(person_id)s::bigint
  AND key = %(key)s::text
