-- The people the session's interactions name: their lists, and what the room saw of them
-- before the session began (their latest activity, whether they ever tipped). Read in parts
-- side by side: this part is the people whose id leaves remainder `part` divided by `parts`.
WITH named AS (
    SELECT DISTINCT i.person_id FROM interactions i
    WHERE i.stream_session_id = %(session_id)s::bigint
      AND i.person_id %% %(parts)s::integer = %(part)s::integer
)
SELECT
    p.id,
    p.username,
    p.is_excluded,
    COALESCE(
        (SELECT array_agg(w.name ORDER BY w.name)
         FROM watchlist_members m JOIN watchlists w ON w.id = m.watchlist_id
         WHERE m.person_id = p.id),
        '{}') AS lists,
    (SELECT max(x.occurred_at) FROM interactions x
     WHERE x.person_id = p.id AND x.occurred_at < %(started_at)s::timestamptz
       AND x.type = ANY(%(activity_types)s::text[])) AS last_seen_before,
    -- One probe of the person's tips (an EXISTS here may be planned as a hash of every tip
    -- before the session, in the whole table).
    COALESCE((SELECT true FROM interactions x
              WHERE x.person_id = p.id AND x.type = 'TIP'
                AND x.occurred_at < %(started_at)s::timestamptz
              LIMIT 1), false) AS tipped_before
FROM persons p
-- The session's people as an array: primary-key probes, not a hash of every person.
WHERE p.id = ANY (ARRAY(SELECT person_id FROM named))
ORDER BY p.id
