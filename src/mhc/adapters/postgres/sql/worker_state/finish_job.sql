UPDATE worker_jobs
SET next_run_at = now() + %(every)s::interval,
    last_started_at = %(started_at)s,
    last_finished_at = now(),
    last_status = %(status)s,
    last_error = %(error)s,
    last_worker = %(worker_id)s
WHERE name = %(name)s
