-- Radar streams re-read these people's cards (the payload names them; at most 100 at a time).
SELECT pg_notify('mhc_cards', %(ids)s::text)
