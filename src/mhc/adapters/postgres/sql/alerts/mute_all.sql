INSERT INTO alert_settings (id, muted_until, updated_at) VALUES (true, %(until)s::timestamptz, now())
ON CONFLICT (id) DO UPDATE SET muted_until = EXCLUDED.muted_until, updated_at = now()
