INSERT INTO listening_spans (broadcaster, worker_id, started_at, ended_at)
VALUES (%(broadcaster)s, %(worker_id)s, %(started_at)s, GREATEST(%(started_at)s, %(ended_at)s))
RETURNING id
