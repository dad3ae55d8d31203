SELECT * FROM backfills ORDER BY id
