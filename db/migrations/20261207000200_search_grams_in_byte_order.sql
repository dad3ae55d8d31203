-- migrate:up
-- The search grams are pieces of text matched for equality only (`@>`), never sorted for a
-- person to read. In the "C" collation each comparison the GIN index makes compares bytes,
-- rather than calling the C library's collation of the database (docs/performance.md, section
-- 30). The index is built again here. A search keeps using it: a comparison of the column with
-- grams of the default collation takes the column's.
ALTER TABLE person_search ALTER COLUMN grams TYPE text[] COLLATE "C";

-- migrate:down
ALTER TABLE person_search ALTER COLUMN grams TYPE text[] COLLATE "default";
