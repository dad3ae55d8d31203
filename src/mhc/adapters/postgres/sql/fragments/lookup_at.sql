-- When a look-up row's state began: queued, or answered (found, not on Statbate, failed).
CASE WHEN l.status = 'queued' THEN l.queued_at ELSE l.looked_up_at END
