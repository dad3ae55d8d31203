-- Every read of the room view sees the same moment: the presence, the recent events and the id
-- a stream continues after must agree.
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY
