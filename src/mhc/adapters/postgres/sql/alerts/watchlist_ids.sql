SELECT id FROM watchlists
