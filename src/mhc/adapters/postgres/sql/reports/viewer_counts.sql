-- The broadcaster's Chaturbate Stats captures taken during the session (viewer counts).
SELECT sn.captured_at,
       CASE WHEN jsonb_typeof(sn.normalized_metrics -> 'num_viewers') = 'number'
            THEN round((sn.normalized_metrics ->> 'num_viewers')::numeric)::bigint END AS viewers,
       CASE WHEN jsonb_typeof(sn.normalized_metrics -> 'num_registered_viewers') = 'number'
            THEN round((sn.normalized_metrics ->> 'num_registered_viewers')::numeric)::bigint
       END AS registered
FROM snapshots sn
JOIN persons p ON p.id = sn.person_id
WHERE sn.source = 'cb_stats'
  AND p.platform = 'chaturbate' AND lower(p.username) = lower(%(broadcaster)s::text)
  AND sn.captured_at >= %(started_at)s::timestamptz
  AND sn.captured_at <= %(ends_at)s::timestamptz
ORDER BY sn.captured_at
