UPDATE backfills SET updated_at = now() WHERE id = %(id)s::bigint AND status = 'running'
