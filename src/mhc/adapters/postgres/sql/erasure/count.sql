SELECT count(*) FROM erasures
