-- migrate:up
-- Every session total leaves out the excluded persons, a handful; without an index of their own
-- each total read all of persons to find them. In last-seen order it also serves the people
-- directory's excluded filter.
CREATE INDEX persons_excluded_idx ON persons (last_seen_at DESC, id DESC) WHERE is_excluded;

-- The people directory walks the index of its sort key to its page instead of sorting every
-- person: with the id (its tie-break) in the key, a page never sorts a run of equal times.
-- (The prefix index of usernames uses text_pattern_ops, whose order is not the collation's.)
DROP INDEX persons_last_seen_idx;
CREATE INDEX persons_last_seen_idx ON persons (last_seen_at DESC, id DESC);
CREATE INDEX persons_first_seen_idx ON persons (first_seen_at DESC, id DESC);
CREATE INDEX persons_username_idx ON persons (username);
-- The directory filtered by a role (models are few among viewers) in its default order.
CREATE INDEX persons_role_last_seen_idx ON persons (role, last_seen_at DESC, id DESC);

-- migrate:down
DROP INDEX persons_role_last_seen_idx;
DROP INDEX persons_first_seen_idx;
DROP INDEX persons_username_idx;
DROP INDEX persons_last_seen_idx;
CREATE INDEX persons_last_seen_idx ON persons (last_seen_at DESC);
DROP INDEX persons_excluded_idx;
