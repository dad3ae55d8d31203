SELECT timezone, clock FROM owner_clock WHERE id
