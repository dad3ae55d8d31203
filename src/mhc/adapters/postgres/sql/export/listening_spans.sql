SELECT * FROM listening_spans ORDER BY id
