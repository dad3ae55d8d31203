-- The columns of an alert rule (domain.alerts.AlertRule), of rule r.
r.id, r.kind, r.name, r.enabled, r.params, r.once_per_show, r.cooldown_minutes, r.muted_until,
r.created_at, r.updated_at
