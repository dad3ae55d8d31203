-- The excluded persons (a handful: a partial index holds them), whom no look puts in the room.
SELECT p.id
FROM persons p
WHERE p.is_excluded
