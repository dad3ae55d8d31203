SELECT * FROM owner_clock
