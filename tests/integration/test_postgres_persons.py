"""PostgresPersonRepository against a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import LiteralString, cast

import psycopg
import pytest
from psycopg import sql
from psycopg_pool import AsyncConnectionPool
from tests.fakes import ManualClock
from tests.timing import wait_until

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Person, Platform, Role
from mhc.services.people import find_or_create_person

EVENING = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
CB = Platform.CHATURBATE


async def _insert(
    uow: PostgresUnitOfWork,
    username: str = "big_tipper_77",
    *,
    role: Role = Role.VIEWER,
    seen_at: datetime = EVENING,
) -> Person:
    return await uow.people.insert(
        username=username, platform=CB, role=role, is_excluded=False, seen_at=seen_at
    )


async def test_insert_stores_the_person_when_username_is_new(uow: PostgresUnitOfWork) -> None:
    person = await uow.people.insert(
        username="smk_lover", platform=CB, role=Role.MODEL, is_excluded=True, seen_at=EVENING
    )

    assert person.username == "smk_lover"
    assert person.platform is Platform.CHATURBATE
    assert person.role is Role.MODEL
    assert person.is_excluded is True
    assert person.first_seen_at == person.last_seen_at == EVENING
    assert (person.rid, person.did) == (None, None)
    assert await uow.people.get(person.id) == person


async def test_insert_raises_conflict_naming_the_username_when_it_is_taken(
    uow: PostgresUnitOfWork,
) -> None:
    await _insert(uow)

    with pytest.raises(Conflict, match="'big_tipper_77' is already taken on chaturbate"):
        await _insert(uow)


async def test_insert_raises_invalid_input_when_username_is_not_normalised(
    uow: PostgresUnitOfWork,
) -> None:
    with pytest.raises(InvalidInput, match="'Big Tipper'") as raised:
        await _insert(uow, "Big Tipper")

    assert raised.value.field == "username"


async def test_get_returns_none_when_id_is_unknown(uow: PostgresUnitOfWork) -> None:
    assert await uow.people.get(424242) is None


async def test_find_by_username_ignores_case_when_name_is_typed_in_capitals(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)

    assert await uow.people.find_by_username("Big_Tipper_77", CB) == person


async def test_find_by_username_returns_none_when_nobody_has_the_name(
    uow: PostgresUnitOfWork,
) -> None:
    await _insert(uow)

    assert await uow.people.find_by_username("quiet_lurker", CB) is None


async def test_find_by_username_matches_a_current_alias_when_username_differs(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)
    await uow.people.add_alias(person.id, "big_tipper_old", CB)

    found = await uow.people.find_by_username("big_tipper_old", CB)

    assert found is not None
    assert found.id == person.id


async def test_find_by_username_ignores_an_alias_when_it_is_no_longer_current(
    pool: AsyncConnectionPool, uow: PostgresUnitOfWork
) -> None:
    person = await _insert(uow)
    await uow.people.add_alias(person.id, "big_tipper_old", CB)
    await uow.commit()
    async with pool.connection() as conn:
        await conn.execute("UPDATE person_aliases SET valid_to = now()")

    assert await uow.people.find_by_username("big_tipper_old", CB) is None


async def test_find_by_username_prefers_the_username_when_it_is_also_someones_alias(
    pool: AsyncConnectionPool, uow: PostgresUnitOfWork
) -> None:
    owner = await _insert(uow, "night_owl")
    other = await _insert(uow, "early_bird")
    await uow.commit()
    async with pool.connection() as conn:
        # add_alias refuses this; older data (or another writer) may still hold it.
        await conn.execute(
            "INSERT INTO person_aliases (person_id, alias) VALUES (%s, 'night_owl')", [other.id]
        )

    assert await uow.people.find_by_username("night_owl", CB) == owner


async def test_find_by_username_ignores_people_when_they_are_on_another_platform(
    pool: AsyncConnectionPool, uow: PostgresUnitOfWork
) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO persons (username, platform) VALUES ('big_tipper_77', 'stripchat')"
        )

    assert await uow.people.find_by_username("big_tipper_77", CB) is None


async def test_touch_sets_role_and_moves_last_seen_forward_when_seen_later(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow, role=Role.VIEWER)

    touched = await uow.people.touch(
        person.id, role=Role.BOTH, seen_at=EVENING + timedelta(hours=2)
    )

    assert touched.role is Role.BOTH
    assert touched.last_seen_at == EVENING + timedelta(hours=2)
    assert touched.first_seen_at == EVENING


async def test_touch_keeps_last_seen_when_the_sighting_is_older(uow: PostgresUnitOfWork) -> None:
    person = await _insert(uow)

    touched = await uow.people.touch(
        person.id, role=Role.VIEWER, seen_at=EVENING - timedelta(days=3)
    )

    assert touched.last_seen_at == EVENING


async def test_touch_raises_not_found_when_person_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="person 424242"):
        await uow.people.touch(424242, role=Role.VIEWER, seen_at=EVENING)


async def test_set_external_ids_keeps_the_known_id_when_the_other_is_given(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)
    await uow.people.set_external_ids(person.id, did=9001)

    await uow.people.set_external_ids(person.id, rid=77)

    stored = await uow.people.get(person.id)
    assert stored is not None
    assert (stored.rid, stored.did) == (77, 9001)


async def test_set_external_ids_raises_not_found_when_person_is_unknown(
    uow: PostgresUnitOfWork,
) -> None:
    with pytest.raises(NotFound):
        await uow.people.set_external_ids(424242, did=9001)


async def test_set_external_ids_raises_invalid_input_when_id_does_not_fit(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)

    with pytest.raises(InvalidInput, match="out of range"):
        await uow.people.set_external_ids(person.id, did=2**70)


async def test_add_alias_records_the_name_when_nobody_uses_it(uow: PostgresUnitOfWork) -> None:
    person = await _insert(uow)

    alias = await uow.people.add_alias(person.id, "big_tipper_old", CB)

    assert (alias.person_id, alias.alias, alias.platform) == (person.id, "big_tipper_old", CB)
    assert alias.valid_to is None
    assert await uow.people.list_aliases(person.id) == [alias]


async def test_add_alias_raises_conflict_when_person_already_has_it(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)
    first = await uow.people.add_alias(person.id, "big_tipper_old", CB)

    with pytest.raises(Conflict, match="'big_tipper_old' is already a username or an alias"):
        await uow.people.add_alias(person.id, "big_tipper_old", CB)

    assert await uow.people.list_aliases(person.id) == [first]


async def test_add_alias_raises_conflict_when_alias_belongs_to_another_person(
    uow: PostgresUnitOfWork,
) -> None:
    owner = await _insert(uow, "night_owl")
    other = await _insert(uow, "early_bird")
    await uow.people.add_alias(owner.id, "owl_of_minerva", CB)

    with pytest.raises(Conflict, match="'owl_of_minerva' is already a username or an alias"):
        await uow.people.add_alias(other.id, "owl_of_minerva", CB)


async def test_add_alias_raises_conflict_when_name_is_a_username(
    uow: PostgresUnitOfWork,
) -> None:
    await _insert(uow, "night_owl")
    other = await _insert(uow, "early_bird")

    with pytest.raises(Conflict, match="on chaturbate"):
        await uow.people.add_alias(other.id, "night_owl", CB)
    with pytest.raises(Conflict):
        await uow.people.add_alias(other.id, "early_bird", CB)

    assert await uow.people.list_aliases(other.id) == []


async def test_add_alias_raises_not_found_when_person_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="person 424242 does not exist"):
        await uow.people.add_alias(424242, "ghost_name", CB)


async def test_add_alias_raises_invalid_input_when_alias_is_not_a_username(
    uow: PostgresUnitOfWork,
) -> None:
    person = await _insert(uow)

    with pytest.raises(InvalidInput) as raised:
        await uow.people.add_alias(person.id, "not a name!", CB)

    assert raised.value.field == "alias"


async def test_list_aliases_returns_them_oldest_first_when_added_over_time(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        person = await _insert(uow)
        await uow.people.add_alias(person.id, "tipper_2024", CB)
        await uow.commit()
        # Each transaction stamps valid_from with its own start time.
        await uow.people.add_alias(person.id, "tipper_2025", CB)
        await uow.commit()

        aliases = await uow.people.list_aliases(person.id)

    assert [a.alias for a in aliases] == ["tipper_2024", "tipper_2025"]
    assert aliases[0].valid_from < aliases[1].valid_from


async def test_list_aliases_is_empty_when_person_has_none(uow: PostgresUnitOfWork) -> None:
    person = await _insert(uow)

    assert await uow.people.list_aliases(person.id) == []


async def test_username_clash_error_keeps_psycopg_cause_when_translated(
    uow: PostgresUnitOfWork,
) -> None:
    await _insert(uow)

    with pytest.raises(Conflict) as raised:
        await _insert(uow)

    assert isinstance(raised.value.__cause__, psycopg.errors.UniqueViolation)


async def test_find_or_create_uses_the_other_writers_person_when_it_won_the_race(
    pool: AsyncConnectionPool, database_url: str
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        people = uow.people
        original_find = people.find_by_username
        calls = 0

        async def find_then_lose_the_race(username: str, platform: Platform) -> Person | None:
            # The first read sees nobody; meanwhile another process commits the same person.
            nonlocal calls
            calls += 1
            if calls == 1:
                async with await psycopg.AsyncConnection.connect(database_url) as other:
                    await other.execute(
                        "INSERT INTO persons (username, platform, role, first_seen_at, "
                        "last_seen_at) VALUES ('hudson_cage', 'chaturbate', 'MODEL', "
                        "'2026-01-05T19:00Z', '2026-01-05T19:00Z')"
                    )
                return None
            return await original_find(username, platform)

        people.find_by_username = find_then_lose_the_race  # type: ignore[method-assign]
        person = await find_or_create_person(
            uow, ExclusionPolicy(()), ManualClock(EVENING), "hudson_cage", role=Role.MODEL
        )
        await uow.commit()

    assert person.username == "hudson_cage"
    assert person.last_seen_at == EVENING
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT count(*) FROM persons WHERE username = 'hudson_cage'")
        assert await cur.fetchone() == (1,)


async def test_a_lock_takes_the_named_persons_in_the_order_of_their_ids(
    pool: AsyncConnectionPool, database_url: str
) -> None:
    """As a worker's batch takes them: while a batch holds the first of two persons, a lock of
    both (the second named first, by an alias) waits for it without holding the second, which
    the batch can then take too. Taken in the names' order, each would wait for the other."""
    async with PostgresUnitOfWork(pool) as setup:
        first = await _insert(setup, "alice_first")
        second = await _insert(setup, "bob_second")
        await setup.people.add_alias(second.id, "bobby", CB)
        await setup.commit()
    async with (
        await psycopg.AsyncConnection.connect(database_url) as batch,
        await psycopg.AsyncConnection.connect(database_url, autocommit=True) as watch,
        PostgresUnitOfWork(pool) as paste,
    ):
        await batch.execute("SET lock_timeout = '5s'")
        await batch.execute("UPDATE persons SET last_seen_at = now() WHERE id = %s", [first.id])
        locking = asyncio.create_task(paste.people.lock(["bobby", "alice_first"], CB))

        async def paste_waits() -> bool:
            cursor = await watch.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND query LIKE %s",
                ["%FOR NO KEY UPDATE%"],
            )
            row = await cursor.fetchone()
            return row is not None and row[0] == 1

        await wait_until(paste_waits, what="the lock to wait for the batch")
        await batch.execute("UPDATE persons SET last_seen_at = now() WHERE id = %s", [second.id])
        await batch.commit()
        await asyncio.wait_for(locking, 10)
        # Now the lock holds both.
        for person in (first, second):
            with pytest.raises(psycopg.errors.LockNotAvailable):
                await watch.execute(
                    "SELECT id FROM persons WHERE id = %s FOR UPDATE NOWAIT", [person.id]
                )


def test_a_search_reads_the_grams_through_their_index(database_url: str) -> None:
    """The grams compare byte by byte (the "C" collation); a search's grams, of the database's
    collation, take the column's, so the GIN index answers the directory's search."""
    text = (resources.files("mhc.adapters.postgres") / "sql/fragments/search_match.sql").read_text()
    match = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    statement = sql.SQL("EXPLAIN SELECT s.person_id FROM person_search s WHERE {}").format(
        sql.SQL(cast(LiteralString, match))
    )
    with psycopg.connect(database_url) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = [line for (line,) in conn.execute(statement, {"search": "Fox_7"})]
    assert any("person_search_grams_idx" in line for line in plan), plan
