-- One statement per answer or batch, however many differences it carried; the keys are
-- distinct (the adapter merges repeats), as ON CONFLICT DO UPDATE requires.
INSERT INTO contract_drift AS drift
    (service, endpoint, kind, subject, detail, count, first_example)
SELECT service, endpoint, kind, subject, detail, count, example
FROM unnest(
    %(services)s::text[],
    %(endpoints)s::text[],
    %(kinds)s::text[],
    %(subjects)s::text[],
    %(details)s::text[],
    %(counts)s::bigint[],
    %(examples)s::jsonb[]
) AS seen (service, endpoint, kind, subject, detail, count, example)
ON CONFLICT (service, endpoint, kind, subject) DO UPDATE
SET count = drift.count + EXCLUDED.count,
    last_seen_at = now()
