INSERT INTO worker_jobs (name) VALUES (%(name)s) ON CONFLICT (name) DO NOTHING
