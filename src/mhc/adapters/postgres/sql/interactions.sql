-- name: add
-- A re-delivered event (same source and source event id) inserts nothing and returns no row.
INSERT INTO interactions (
    person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id
)
VALUES (
    %(person_id)s::bigint, %(stream_session_id)s::bigint, %(type)s::text, %(content)s::text,
    %(occurred_at)s::timestamptz, %(source)s::text, %(metadata)s::jsonb,
    %(source_event_id)s::text
)
ON CONFLICT (source, source_event_id) DO NOTHING
RETURNING id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
          source_event_id, created_at;

-- name: add_many
-- One statement for the whole batch: parallel arrays, one element per interaction.
INSERT INTO interactions (
    person_id, stream_session_id, type, content, occurred_at, source, metadata, source_event_id
)
SELECT *
FROM unnest(
    %(person_ids)s::bigint[], %(stream_session_ids)s::bigint[], %(types)s::text[],
    %(contents)s::text[], %(occurred_ats)s::timestamptz[], %(sources)s::text[],
    %(metadata)s::jsonb[], %(source_event_ids)s::text[]
)
ON CONFLICT (source, source_event_id) DO NOTHING;

-- name: by_person_newest_first
-- Filters: empty type/source arrays and NULL bounds mean "any"; since <= occurred_at <= until.
SELECT id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
       source_event_id, created_at
FROM interactions
WHERE person_id = %(person_id)s::bigint
  AND (cardinality(%(types)s::text[]) = 0 OR type = ANY (%(types)s::text[]))
  AND (cardinality(%(sources)s::text[]) = 0 OR source = ANY (%(sources)s::text[]))
  AND (%(since)s::timestamptz IS NULL OR occurred_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR occurred_at <= %(until)s::timestamptz)
  AND (%(session_id)s::bigint IS NULL OR stream_session_id = %(session_id)s::bigint)
ORDER BY occurred_at DESC, id DESC
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;

-- name: by_person_oldest_first
SELECT id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
       source_event_id, created_at
FROM interactions
WHERE person_id = %(person_id)s::bigint
  AND (cardinality(%(types)s::text[]) = 0 OR type = ANY (%(types)s::text[]))
  AND (cardinality(%(sources)s::text[]) = 0 OR source = ANY (%(sources)s::text[]))
  AND (%(since)s::timestamptz IS NULL OR occurred_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR occurred_at <= %(until)s::timestamptz)
  AND (%(session_id)s::bigint IS NULL OR stream_session_id = %(session_id)s::bigint)
ORDER BY occurred_at, id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;

-- name: count_by_person
SELECT count(*)
FROM interactions
WHERE person_id = %(person_id)s::bigint
  AND (cardinality(%(types)s::text[]) = 0 OR type = ANY (%(types)s::text[]))
  AND (cardinality(%(sources)s::text[]) = 0 OR source = ANY (%(sources)s::text[]))
  AND (%(since)s::timestamptz IS NULL OR occurred_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR occurred_at <= %(until)s::timestamptz)
  AND (%(session_id)s::bigint IS NULL OR stream_session_id = %(session_id)s::bigint);

-- name: by_session
SELECT id, person_id, stream_session_id, type, content, occurred_at, source, metadata,
       source_event_id, created_at
FROM interactions
WHERE stream_session_id = %(session_id)s::bigint
ORDER BY occurred_at, id
LIMIT %(limit)s::integer
OFFSET %(offset)s::integer;
