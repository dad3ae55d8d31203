-- One person's tips in the owner's room: amounts (median by percentile_cont), months in
-- %(timezone)s, and evidence (the largest and the newest tips). Reads the person's rows of
-- person_tips, the tips kept narrow as they arrive, from its primary key's index alone.
WITH tip AS MATERIALIZED (
    SELECT t.id, t.source, t.occurred_at, round(t.tokens)::bigint AS tokens
    FROM person_tips t
    WHERE t.person_id = %(person_id)s
)
SELECT
    count(*) AS tip_count,
    COALESCE(sum(tokens), 0)::bigint AS tip_total,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY tokens) AS tip_median,
    max(tokens) AS tip_largest,
    min(occurred_at) AS tip_first_at,
    max(occurred_at) AS tip_last_at,
    (SELECT COALESCE(json_agg(json_build_array(to_char(m.month, 'YYYY-MM'), m.tips, m.tokens)
                              ORDER BY m.month), '[]')
       FROM (SELECT date_trunc('month', occurred_at AT TIME ZONE %(timezone)s) AS month,
                    count(*) AS tips, sum(tokens)::bigint AS tokens
               FROM tip GROUP BY 1) m) AS tip_months,
    (SELECT COALESCE(json_agg(json_build_array(x.id, x.source)), '[]')
       FROM (SELECT id, source FROM tip
              ORDER BY tokens DESC, occurred_at DESC, id DESC LIMIT %(evidence_cap)s) x)
        AS tip_largest_evidence,
    (SELECT COALESCE(json_agg(json_build_array(x.id, x.source)), '[]')
       FROM (SELECT id, source FROM tip
              ORDER BY occurred_at DESC, id DESC LIMIT %(evidence_cap)s) x)
        AS tip_recent_evidence
FROM tip
