json_build_object(
    'id', s.id,
    'platform', s.platform,
    'broadcaster', s.broadcaster,
    'started_at', s.started_at,
    'ended_at', s.ended_at,
    'status', s.status,
    'duration_seconds',
        GREATEST(0, floor(extract(epoch FROM COALESCE(s.ended_at, now()) - s.started_at)))::bigint,
    'tokens', stats.tokens,
    'tip_count', stats.tip_count,
    'tippers', stats.tippers,
    'top_tippers', COALESCE(
        (SELECT json_agg(json_build_object(
                    'person_id', top.person_id, 'username', top.username, 'tokens', top.tokens)
                ORDER BY top.tokens DESC, top.username)
         FROM (SELECT i.person_id, p.username,
                      COALESCE(round(sum({{tip_tokens}})), 0)::bigint AS tokens
               FROM interactions i
               JOIN persons p ON p.id = i.person_id AND NOT p.is_excluded
               WHERE i.stream_session_id = s.id AND i.type = 'TIP'
               GROUP BY i.person_id, p.username
               ORDER BY tokens DESC, p.username
               LIMIT 5) top),
        '[]'::json),
    'new_followers', stats.new_followers,
    'unfollows', stats.unfollows,
    'chat_messages', stats.chat_messages,
    'private_messages', stats.private_messages,
    'unique_visitors', stats.unique_visitors
)
