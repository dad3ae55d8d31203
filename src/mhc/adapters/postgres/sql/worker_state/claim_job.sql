-- The row stays locked while the job runs: another worker skips it instead of running it twice.
SELECT now() AS started_at
FROM worker_jobs
WHERE name = %(name)s AND next_run_at <= now()
FOR UPDATE SKIP LOCKED
