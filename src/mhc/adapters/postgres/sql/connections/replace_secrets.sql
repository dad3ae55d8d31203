UPDATE connections AS c
SET secret = sealed.secret
FROM unnest(%(names)s::text[], %(secrets)s::bytea[]) AS sealed (name, secret)
WHERE c.name = sealed.name
  AND c.secret IS NOT NULL
