SELECT count(*) FROM backfills
