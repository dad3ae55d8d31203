-- The listening spans that overlap session s and when listening was first recorded, as
-- domain.coverage.ShowListening reads them; a live session ends now.
json_build_object(
    'started_at', s.started_at,
    'ends_at', COALESCE(s.ended_at, now()),
    'spans', COALESCE(
        (SELECT json_agg(
                    json_build_object('started_at', l.started_at, 'ended_at', l.ended_at)
                    ORDER BY l.started_at, l.id)
         FROM listening_spans l
         WHERE l.broadcaster = s.broadcaster
           AND l.started_at <= COALESCE(s.ended_at, now())
           AND l.ended_at >= s.started_at),
        '[]'::json),
    'tracked_since', (
        SELECT min(l.started_at) FROM listening_spans l WHERE l.broadcaster = s.broadcaster)
)
