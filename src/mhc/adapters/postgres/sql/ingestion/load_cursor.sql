SELECT last_event_id, timeout_seconds FROM events_cursor WHERE broadcaster = %(broadcaster)s
