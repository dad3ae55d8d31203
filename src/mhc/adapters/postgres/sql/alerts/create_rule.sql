INSERT INTO alert_rules AS r (kind, name, enabled, params, once_per_show, cooldown_minutes)
VALUES (%(kind)s::text, %(name)s::text, %(enabled)s::boolean, %(params)s::jsonb,
        %(once_per_show)s::boolean, %(cooldown_minutes)s::integer)
RETURNING {{alert_rule}}
