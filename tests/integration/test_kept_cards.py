"""The radar's kept cards on a real PostgreSQL: whatever changes a person's card (a note, a tag,
a watchlist, a snapshot, a look-up, a rename, an exclusion, a new or erased interaction), the
next read of cards answers what a fresh read answers; and a card nothing changed is not read
again.

A kept card's `counted_through` is the newest room event when it was read, which may differ
from a fresh read's; both are true (the person has had no event in between, or the card would
have been read again), and the browser adds a later tip of theirs the same way with either."""

from __future__ import annotations

import msgspec
import pytest
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.radar import PostgresLiveFeed
from mhc.domain.radar import CardFacts

SETUP = """
INSERT INTO persons (username, role) VALUES ('big_tipper_77', 'VIEWER'), ('quiet_lurker', 'VIEWER');
INSERT INTO persons (username, role)
SELECT 'lurker_' || n, 'VIEWER' FROM generate_series(1, 20) AS n;
INSERT INTO interactions (person_id, type, content, occurred_at, source, metadata)
SELECT p.id, 'TIP', NULL, now() - interval '1 hour', 'cb_events', '{"tokens": 50}'
FROM persons p WHERE p.username = 'big_tipper_77';
INSERT INTO notes (person_id, content)
SELECT p.id, 'tips at the start of shows' FROM persons p WHERE p.username = 'big_tipper_77';
INSERT INTO attributes (person_id, key, value)
SELECT p.id, 'timezone', 'Europe/Berlin' FROM persons p WHERE p.username = 'big_tipper_77';
INSERT INTO watchlists (name) VALUES ('Regulars');
INSERT INTO watchlist_members (watchlist_id, person_id)
SELECT w.id, p.id FROM watchlists w, persons p
WHERE w.name = 'Regulars' AND p.username = 'big_tipper_77';
INSERT INTO statbate_lookups (person_id, status)
SELECT p.id, 'queued' FROM persons p WHERE p.username = 'big_tipper_77';
"""

# Each change, as any writer of the database could make it.
CHANGES = {
    "a new tip": "INSERT INTO interactions (person_id, type, occurred_at, source, metadata) "
    "SELECT %(tipper)s, 'TIP', now(), 'cb_events', '{\"tokens\": 500}'",
    "a new note": "INSERT INTO notes (person_id, content) SELECT %(tipper)s, 'asked for a song'",
    "an edited note": "UPDATE notes SET content = 'tips at the end of shows'",
    "a deleted note": "DELETE FROM notes",
    "a new tag": "INSERT INTO attributes (person_id, key, value) "
    "SELECT %(tipper)s, 'language', 'German'",
    "an edited tag": "UPDATE attributes SET value = 'America/New_York'",
    "a deleted tag": "DELETE FROM attributes",
    "a joined watchlist": "INSERT INTO watchlist_members (watchlist_id, person_id) "
    "SELECT w.id, %(tipper)s FROM watchlists w WHERE w.name = 'Friends'",
    "a left watchlist": "DELETE FROM watchlist_members",
    "a renamed watchlist": "UPDATE watchlists SET name = 'Best regulars' WHERE name = 'Regulars'",
    "a Statbate snapshot": "INSERT INTO snapshots (person_id, source, raw_payload, "
    "normalized_metrics) "
    "SELECT %(tipper)s, 'statbate_member', '{}', '{\"all_time_tokens\": 25000}'",
    "a look-up answered": "UPDATE statbate_lookups SET status = 'found', looked_up_at = now()",
    "a look-up forgotten": "DELETE FROM statbate_lookups",
    "a rename": "UPDATE persons SET username = 'big_tipper_78' WHERE username = 'big_tipper_77'",
    "an exclusion": "UPDATE persons SET is_excluded = true WHERE username = 'big_tipper_77'",
    "an erased interaction": "SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true);"
    "DELETE FROM interactions WHERE person_id = %(tipper)s",
}


async def _execute(pool: AsyncConnectionPool, statements: str) -> None:
    """`statements` in one transaction; %(tipper)s is big_tipper_77's id."""
    async with pool.connection() as conn, conn.transaction():
        cur = await conn.execute("SELECT id FROM persons WHERE username = 'big_tipper_77'")
        row = await cur.fetchone()
        for statement in statements.split(";"):
            if statement.strip():
                await conn.execute(statement, {"tipper": None if row is None else row[0]})


async def _person_ids(pool: AsyncConnectionPool) -> set[int]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT id FROM persons")
        return {row[0] for row in await cur.fetchall()}


def _facts(cards: dict[int, CardFacts]) -> dict[int, CardFacts]:
    """The cards without where their reads stood in the room's events."""
    return {pid: msgspec.structs.replace(c, counted_through=None) for pid, c in cards.items()}


@pytest.mark.parametrize("change", CHANGES)
async def test_a_kept_card_is_read_again_when_its_facts_change(
    database_url: str, change: str
) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        await _execute(pool, SETUP)
        ids = await _person_ids(pool)
        kept = PostgresLiveFeed(pool, database_url)
        before = await kept.card_facts(ids)
        assert before == await PostgresLiveFeed(pool, database_url).card_facts(ids)

        await _execute(pool, CHANGES[change])

        after = await kept.card_facts(ids)
        fresh = await PostgresLiveFeed(pool, database_url).card_facts(ids)
        assert _facts(after) == _facts(fresh)
        assert _facts(after) != _facts(before)


async def test_a_kept_card_nothing_changed_is_not_read_again_in_a_look_at_the_room(
    database_url: str,
) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        await _execute(pool, SETUP)
        ids = await _person_ids(pool)
        feed = PostgresLiveFeed(pool, database_url)
        first = await feed.card_facts(ids)
        assert feed.reads == 1  # every card read, in one statement

        again = await feed.card_facts(ids)
        assert again == first
        assert feed.reads == 2  # the fingerprints only

        await _execute(pool, CHANGES["a new note"])
        changed = await feed.card_facts(ids)
        assert feed.reads == 4  # the fingerprints, then the one card that moved
        [lurker] = [pid for pid, facts in first.items() if facts.username == "quiet_lurker"]
        assert changed[lurker] is first[lurker]
        assert changed != first

        # One person (a stream's arrival, the person page's flags): their card, straight.
        [tipper] = [pid for pid, facts in first.items() if facts.username == "big_tipper_77"]
        assert await feed.card_facts({tipper}) == {tipper: changed[tipper]}
        assert feed.reads == 5


async def test_a_forgotten_persons_card_version_goes_with_them(database_url: str) -> None:
    async with AsyncConnectionPool(database_url, open=False) as pool:
        await _execute(pool, SETUP)
        await _execute(pool, CHANGES["a new note"])
        # An erasure deletes the person's rows, each delete moving their version, then them.
        await _execute(
            pool,
            "SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true);"
            "DELETE FROM notes WHERE person_id = %(tipper)s;"
            "DELETE FROM watchlist_members WHERE person_id = %(tipper)s;"
            "DELETE FROM interactions WHERE person_id = %(tipper)s;"
            "DELETE FROM persons WHERE username = 'big_tipper_77'",
        )
        async with pool.connection() as conn:
            cur = await conn.execute("SELECT count(*) FROM card_versions")
            assert await cur.fetchone() == (0,)
