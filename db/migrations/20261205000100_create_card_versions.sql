-- migrate:up
-- A number per person that changes whenever something the radar's card shows of them changes,
-- other than a new interaction: a note, a tag, a watchlist (joined, left or renamed), a Statbate
-- snapshot, the look-up's state, the person's name or exclusion, an erased interaction. A new
-- interaction adds to the person's row of person_totals, so (person_totals.interactions,
-- card_versions.version) changes with every change of the card's facts: each process keeps
-- the cards it read and asks only for those pairs of a room's thousand people, reading again
-- the few whose pair moved (see the radar adapter). Values come from a sequence, so a pair
-- never comes back. A person without a row has version 0 (nothing changed since they came).
-- Statement-level triggers, one upsert per person in person order (two writers take the row
-- locks in the same order); a row trigger on persons for the rare rename or exclusion, which
-- skips the worker's frequent last-seen updates. No trigger on inserted interactions: the
-- ingestion path stays as it was. No foreign key: like person_totals, the row is derived, not
-- data about the person; a trigger removes it with the person.
CREATE SEQUENCE card_versions_seq;

CREATE TABLE card_versions (
    person_id   bigint  PRIMARY KEY,
    version     bigint  NOT NULL
);

-- A new version for each of `persons` that still exists (a cascade from a deleted person
-- runs its tables' triggers after the person is gone, and their row with them).
CREATE FUNCTION card_versions_bump(persons bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO card_versions AS v (person_id, version)
    SELECT p.id, nextval('card_versions_seq')
    FROM persons p
    WHERE p.id = ANY (persons)
    ORDER BY p.id
    ON CONFLICT (person_id) DO UPDATE SET version = EXCLUDED.version
$$;

-- The persons of a statement's rows (`changed`, each with a person_id), for the triggers of
-- the tables the card reads by person.
CREATE FUNCTION card_versions_bump_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM card_versions_bump(ARRAY(SELECT c.person_id FROM changed c));
    RETURN NULL;
END;
$$;

-- An update may move a row from one person to another: both cards change.
CREATE FUNCTION card_versions_bump_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM card_versions_bump(ARRAY(SELECT b.person_id FROM before b
                                     UNION SELECT a.person_id FROM after a));
    RETURN NULL;
END;
$$;

-- A renamed watchlist changes the card of each of its members.
CREATE FUNCTION card_versions_bump_watchlists() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM card_versions_bump(ARRAY(SELECT DISTINCT m.person_id
                                     FROM changed c
                                     JOIN watchlist_members m ON m.watchlist_id = c.id));
    RETURN NULL;
END;
$$;

CREATE FUNCTION card_versions_bump_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM card_versions_bump(ARRAY[NEW.id]);
    RETURN NULL;
END;
$$;

CREATE FUNCTION card_versions_remove_persons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM card_versions v USING old_persons gone WHERE v.person_id = gone.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER persons_card_versions_remove AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_persons
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_remove_persons();

CREATE TRIGGER notes_card_versions_insert AFTER INSERT ON notes
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER notes_card_versions_update AFTER UPDATE ON notes
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_updated();
CREATE TRIGGER notes_card_versions_delete AFTER DELETE ON notes
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();

CREATE TRIGGER attributes_card_versions_insert AFTER INSERT ON attributes
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER attributes_card_versions_update AFTER UPDATE ON attributes
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_updated();
CREATE TRIGGER attributes_card_versions_delete AFTER DELETE ON attributes
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();

CREATE TRIGGER watchlist_members_card_versions_insert AFTER INSERT ON watchlist_members
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER watchlist_members_card_versions_update AFTER UPDATE ON watchlist_members
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_updated();
CREATE TRIGGER watchlist_members_card_versions_delete AFTER DELETE ON watchlist_members
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();

CREATE TRIGGER watchlists_card_versions_update AFTER UPDATE ON watchlists
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_watchlists();

CREATE TRIGGER statbate_lookups_card_versions_insert AFTER INSERT ON statbate_lookups
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER statbate_lookups_card_versions_update AFTER UPDATE ON statbate_lookups
    REFERENCING OLD TABLE AS before NEW TABLE AS after
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_updated();
CREATE TRIGGER statbate_lookups_card_versions_delete AFTER DELETE ON statbate_lookups
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();

-- Snapshots and interactions are append-only: only an erasure deletes them.
CREATE TRIGGER snapshots_card_versions_insert AFTER INSERT ON snapshots
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER snapshots_card_versions_delete AFTER DELETE ON snapshots
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();
CREATE TRIGGER interactions_card_versions_delete AFTER DELETE ON interactions
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION card_versions_bump_changed();

CREATE TRIGGER persons_card_versions_change
    AFTER UPDATE OF username, is_excluded ON persons
    FOR EACH ROW
    WHEN (OLD.username IS DISTINCT FROM NEW.username
          OR OLD.is_excluded IS DISTINCT FROM NEW.is_excluded)
    EXECUTE FUNCTION card_versions_bump_person();

-- migrate:down
DROP TRIGGER persons_card_versions_change ON persons;
DROP TRIGGER interactions_card_versions_delete ON interactions;
DROP TRIGGER snapshots_card_versions_delete ON snapshots;
DROP TRIGGER snapshots_card_versions_insert ON snapshots;
DROP TRIGGER statbate_lookups_card_versions_delete ON statbate_lookups;
DROP TRIGGER statbate_lookups_card_versions_update ON statbate_lookups;
DROP TRIGGER statbate_lookups_card_versions_insert ON statbate_lookups;
DROP TRIGGER watchlists_card_versions_update ON watchlists;
DROP TRIGGER watchlist_members_card_versions_delete ON watchlist_members;
DROP TRIGGER watchlist_members_card_versions_update ON watchlist_members;
DROP TRIGGER watchlist_members_card_versions_insert ON watchlist_members;
DROP TRIGGER attributes_card_versions_delete ON attributes;
DROP TRIGGER attributes_card_versions_update ON attributes;
DROP TRIGGER attributes_card_versions_insert ON attributes;
DROP TRIGGER notes_card_versions_delete ON notes;
DROP TRIGGER notes_card_versions_update ON notes;
DROP TRIGGER notes_card_versions_insert ON notes;
DROP TRIGGER persons_card_versions_remove ON persons;
DROP FUNCTION card_versions_remove_persons();
DROP FUNCTION card_versions_bump_person();
DROP FUNCTION card_versions_bump_watchlists();
DROP FUNCTION card_versions_bump_updated();
DROP FUNCTION card_versions_bump_changed();
DROP FUNCTION card_versions_bump(bigint[]);
DROP TABLE card_versions;
DROP SEQUENCE card_versions_seq;
