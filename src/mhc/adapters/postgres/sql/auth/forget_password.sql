-- No password any more: the web process prints a new setup link at its next start. The
-- version goes up, so no session outlives it.
UPDATE auth_owner
SET password_hash = NULL, password_source = NULL, password_version = password_version + 1,
    password_changed_at = now(), updated_at = now()
WHERE id = 1
