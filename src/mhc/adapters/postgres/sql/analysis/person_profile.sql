-- A person, their attributes and dismissed inferences, and the newest Statbate member payload of
-- each kind (member info, activity, tag spending, top models), recognised by the payload's shape.
-- An excluded person's snapshots are not read unless %(include_excluded)s.
WITH person AS (
    SELECT id, username, is_excluded, first_seen_at
    FROM persons
    WHERE id = %(person_id)s
),
recent AS (
    -- Only the newest snapshots are searched, so a long watchlist history costs nothing.
    SELECT s.id, s.source, s.captured_at, s.raw_payload, s.normalized_metrics
    FROM snapshots s
    JOIN person p ON p.id = s.person_id
    WHERE s.source IN ('statbate_member', 'statbate_profile')
      AND (%(include_excluded)s OR NOT p.is_excluded)
    ORDER BY s.captured_at DESC, s.id DESC
    LIMIT %(snapshot_window)s
),
shaped AS (
    SELECT
        r.*,
        CASE
            WHEN jsonb_typeof(r.raw_payload -> 'data') = 'object'
                 AND r.raw_payload -> 'data' ? 'hourly' THEN 'activity'
            WHEN jsonb_typeof(r.raw_payload -> 'data') = 'array'
                 AND r.raw_payload -> 'data' -> 0 ? 'tag' THEN 'tags'
            WHEN jsonb_typeof(r.raw_payload -> 'data') = 'array'
                 AND r.raw_payload -> 'data' -> 0 ? 'total_tokens' THEN 'top_models'
            WHEN r.normalized_metrics ?| ARRAY['all_time_tokens', 'did', 'last_tip_date']
                THEN 'member'
        END AS kind
    FROM recent r
),
newest AS (
    SELECT DISTINCT ON (kind) kind, id, source, captured_at, raw_payload, normalized_metrics
    FROM shaped
    WHERE kind IS NOT NULL
    ORDER BY kind, captured_at DESC, id DESC
)
SELECT
    p.id,
    p.username,
    p.is_excluded,
    p.first_seen_at,
    (SELECT COALESCE(json_object_agg(a.key, a.value), '{}')
       FROM attributes a WHERE a.person_id = p.id) AS attributes,
    (SELECT COALESCE(json_agg(json_build_array(d.key, d.value, d.dismissed_at)
                              ORDER BY d.dismissed_at DESC, d.id DESC), '[]')
       FROM analysis_dismissals d WHERE d.person_id = p.id) AS dismissals,
    (SELECT COALESCE(json_agg(json_build_object(
                'kind', n.kind, 'id', n.id, 'source', n.source, 'captured_at', n.captured_at,
                'raw', n.raw_payload, 'metrics', n.normalized_metrics)), '[]')
       FROM newest n) AS statbate
FROM person p
