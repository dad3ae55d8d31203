-- The person_search row `s` holds the search text: its grams through the GIN index, then the
-- text itself.
(s.grams @> search_key_grams(lower(%(search)s::text))
 AND strpos(s.document, lower(%(search)s::text)) > 0)
