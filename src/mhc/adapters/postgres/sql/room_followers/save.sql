INSERT INTO room_followers (name, last_interaction_id, updated_at)
VALUES (%(name)s::text, %(last_interaction_id)s::bigint, now())
ON CONFLICT (name) DO UPDATE
SET last_interaction_id = EXCLUDED.last_interaction_id, updated_at = now()
