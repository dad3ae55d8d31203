-- migrate:up
-- Statbate profile parts (tag spending, top models, activity) get a source of their own, so
-- "the newest member snapshot" and its deltas always compare member info with member info.
ALTER TABLE snapshots DROP CONSTRAINT snapshots_source_check;
ALTER TABLE snapshots ADD CONSTRAINT snapshots_source_check
    CHECK (source IN ('statbate_member', 'statbate_profile', 'statbate_model', 'cb_stats', 'manual'));

-- migrate:down
ALTER TABLE snapshots DROP CONSTRAINT snapshots_source_check;
-- NOT VALID: profile rows already stored stay (snapshots are append-only); new ones are refused.
ALTER TABLE snapshots ADD CONSTRAINT snapshots_source_check
    CHECK (source IN ('statbate_member', 'statbate_model', 'cb_stats', 'manual')) NOT VALID;
