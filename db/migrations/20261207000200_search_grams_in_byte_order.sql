-- migrate:up
-- The search grams are pieces of text matched for equality only (`@>`), never shown or sorted
-- for a person: compared byte by byte (the "C" collation) rather than by the database's
-- linguistic collation, each comparison the GIN index makes is a byte comparison rather than a
-- call into the C library's collation (docs/performance.md, section 30). The index is built
-- again here.
-- A search keeps using it: a comparison of the column with grams of the default collation takes
-- the column's.
ALTER TABLE person_search ALTER COLUMN grams TYPE text[] COLLATE "C";

-- migrate:down
ALTER TABLE person_search ALTER COLUMN grams TYPE text[] COLLATE "default";
