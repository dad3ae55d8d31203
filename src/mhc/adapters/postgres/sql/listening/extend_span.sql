UPDATE listening_spans
SET ended_at = GREATEST(ended_at, %(ended_at)s)
WHERE id = %(span_id)s
