-- The workers' scheduled jobs and how their last run went, by name.
SELECT COALESCE(
    (SELECT json_agg(j ORDER BY j.name)
     FROM (SELECT name, next_run_at, last_started_at, last_finished_at, last_status, last_error,
                  last_worker
           FROM worker_jobs) j),
    '[]'::json
)::text
