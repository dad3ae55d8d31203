SELECT last_interaction_id FROM room_followers WHERE name = %(name)s::text
