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
    'top_tippers', stats.top_tippers,
    'new_followers', stats.new_followers,
    'unfollows', stats.unfollows,
    'chat_messages', stats.chat_messages,
    'private_messages', stats.private_messages,
    'unique_visitors', stats.unique_visitors
)
