SELECT name, secret, secret_set_at, health_fingerprint, health_outcome, health_message,
       health_checked_at, last_success_at
FROM connections
ORDER BY name
