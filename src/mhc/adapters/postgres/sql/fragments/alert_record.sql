-- An alert with its deliveries as one JSON document (domain.alerts.AlertRecord), of alert a.
json_build_object(
    'id', a.id,
    'rule_id', a.rule_id,
    'rule_kind', a.rule_kind,
    'rule_name', a.rule_name,
    'person_id', a.person_id,
    'username', a.username,
    'session_id', a.session_id,
    'interaction_id', a.interaction_id,
    'reason', a.reason,
    'fired_at', a.fired_at,
    'deliveries', COALESCE(
        (SELECT json_agg(json_build_object('channel', d.channel, 'status', d.status,
                                           'detail', d.detail, 'updated_at', d.updated_at)
                         ORDER BY d.channel)
         FROM alert_deliveries d WHERE d.alert_id = a.id),
        '[]'::json)
)::text
