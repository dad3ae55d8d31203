-- Only the fields given change (NULL: unchanged).
UPDATE alert_rules AS r
SET name = COALESCE(%(name)s::text, r.name),
    enabled = COALESCE(%(enabled)s::boolean, r.enabled),
    params = COALESCE(%(params)s::jsonb, r.params),
    once_per_show = COALESCE(%(once_per_show)s::boolean, r.once_per_show),
    cooldown_minutes = COALESCE(%(cooldown_minutes)s::integer, r.cooldown_minutes),
    updated_at = now()
WHERE r.id = %(id)s::bigint
RETURNING {{alert_rule}}
