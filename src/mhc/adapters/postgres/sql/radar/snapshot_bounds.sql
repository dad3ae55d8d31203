-- The look's snapshot: every transaction below `xmin` had ended when it was taken, and every one
-- from `xmax` on had not begun (kept_presence.py settles its fold by them).
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
       pg_snapshot_xmax(pg_current_snapshot())::text::bigint
