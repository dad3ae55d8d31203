-- Which pasted messages another source (the Events API, Statbate) already recorded: the same
-- person (by username or current alias), type and text, or for a tip the same tokens, inside
-- the probe's time window. Each probe reads the (person_id, occurred_at) index.
SELECT probe.position
FROM unnest(
    %(usernames)s::text[], %(types)s::text[], %(contents)s::text[], %(tokens)s::bigint[],
    %(sinces)s::timestamptz[], %(untils)s::timestamptz[]
) WITH ORDINALITY AS probe (username, type, content, tokens, since, until, position)
WHERE EXISTS (
    SELECT 1
    FROM persons p
    JOIN interactions i ON i.person_id = p.id
    WHERE p.platform = 'chaturbate'
      AND (lower(p.username) = probe.username
           OR p.id IN (SELECT a.person_id FROM person_aliases a
                       WHERE lower(a.alias) = probe.username AND a.valid_to IS NULL))
      AND i.occurred_at >= probe.since AND i.occurred_at <= probe.until
      AND i.source <> 'paste'
      AND i.type = probe.type
      AND CASE WHEN probe.type = 'TIP'
               THEN {{tip_tokens}} = probe.tokens
               ELSE i.content = probe.content END
)
