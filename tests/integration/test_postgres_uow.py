"""PostgresUnitOfWork: one transaction per unit, rolled back unless committed."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.pool import ConnectionPool, build_pool, pool_lifespan
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import Conflict
from mhc.domain.models import Person, Platform, Role

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CB = Platform.CHATURBATE


async def _insert(uow: PostgresUnitOfWork, username: str) -> Person:
    return await uow.people.insert(
        username=username, platform=CB, role=Role.VIEWER, is_excluded=False, seen_at=MONDAY
    )


async def _usernames(pool: AsyncConnectionPool) -> list[str]:
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT username FROM persons ORDER BY id")
        return [row[0] for row in await cur.fetchall()]


async def test_work_is_kept_when_committed(pool: AsyncConnectionPool) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        await _insert(uow, "big_tipper_77")
        await uow.commit()

    assert await _usernames(pool) == ["big_tipper_77"]


async def test_work_is_rolled_back_when_the_block_ends_without_commit(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        await _insert(uow, "big_tipper_77")

    assert await _usernames(pool) == []


async def test_work_is_rolled_back_and_error_propagates_when_the_block_raises(
    pool: AsyncConnectionPool,
) -> None:
    async def crashing_use_case() -> None:
        async with PostgresUnitOfWork(pool) as uow:
            await _insert(uow, "big_tipper_77")
            raise RuntimeError("lookup crashed")

    with pytest.raises(RuntimeError, match="lookup crashed"):
        await crashing_use_case()

    assert await _usernames(pool) == []


async def test_rollback_discards_work_and_the_unit_stays_usable(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        await _insert(uow, "big_tipper_77")
        await uow.rollback()
        await _insert(uow, "night_owl")
        await uow.commit()

    assert await _usernames(pool) == ["night_owl"]


async def test_uncommitted_work_is_invisible_to_others_while_the_unit_is_open(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as writer:
        await _insert(writer, "big_tipper_77")

        async with PostgresUnitOfWork(pool) as reader:
            assert await reader.people.find_by_username("big_tipper_77", CB) is None

        await writer.commit()


async def test_earlier_work_survives_when_a_later_write_is_refused(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as uow:
        await _insert(uow, "big_tipper_77")
        with pytest.raises(Conflict):
            await _insert(uow, "big_tipper_77")
        await _insert(uow, "night_owl")
        await uow.commit()

    assert await _usernames(pool) == ["big_tipper_77", "night_owl"]


async def test_unit_stays_usable_when_its_first_write_is_refused(
    pool: AsyncConnectionPool,
) -> None:
    async with PostgresUnitOfWork(pool) as setup:
        await _insert(setup, "big_tipper_77")
        await setup.commit()

    async with PostgresUnitOfWork(pool) as uow:
        with pytest.raises(Conflict):
            await _insert(uow, "big_tipper_77")
        await _insert(uow, "night_owl")
        await uow.commit()

    assert await _usernames(pool) == ["big_tipper_77", "night_owl"]


async def test_database_failures_that_are_no_refusal_propagate_unchanged(
    database_url: str, pool: AsyncConnectionPool
) -> None:
    async with PostgresUnitOfWork(pool) as setup:
        person = await _insert(setup, "big_tipper_77")
        await setup.commit()
    impatient = AsyncConnectionPool(
        database_url, min_size=1, max_size=1, open=False, kwargs={"options": "-c lock_timeout=50"}
    )
    async with impatient, pool.connection() as holder, holder.transaction():
        await holder.execute("SELECT 1 FROM persons WHERE id = %s FOR UPDATE", [person.id])
        async with PostgresUnitOfWork(impatient) as uow:
            with pytest.raises(psycopg.errors.LockNotAvailable):
                await uow.people.touch(person.id, role=Role.BOTH, seen_at=MONDAY)


def _terminate_other_backends(database_url: str) -> None:
    """End every other session of the database, waiting (up to 5 s) until each backend has
    exited: its farewell is then on the client's socket for the pool's check to find."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


async def test_pool_recovers_when_a_unit_loses_its_connection(database_url: str) -> None:
    async def use_case_cut_off_midway(pool: ConnectionPool) -> None:
        async with PostgresUnitOfWork(pool) as uow:
            await uow.watchlists.list()
            _terminate_other_backends(database_url)
            await uow.watchlists.list()

    async with pool_lifespan(build_pool(database_url, min_size=2, max_size=2)) as pool:
        with pytest.raises(psycopg.OperationalError):
            await use_case_cut_off_midway(pool)

        async with PostgresUnitOfWork(pool) as uow:
            assert len(await uow.watchlists.list()) == 5


async def test_connections_go_back_to_the_pool_when_units_end(pool: AsyncConnectionPool) -> None:
    for attempt in range(pool.max_size * 3):
        async with PostgresUnitOfWork(pool) as uow:
            await _insert(uow, f"visitor_{attempt}")
            if attempt % 2:
                await uow.commit()

    assert len(await _usernames(pool)) == pool.max_size * 3 // 2
    assert pool.get_stats()["pool_size"] <= pool.max_size


async def test_repositories_refuse_work_when_the_unit_is_not_open(
    pool: AsyncConnectionPool,
) -> None:
    uow = PostgresUnitOfWork(pool)

    with pytest.raises(RuntimeError, match="not open"):
        await uow.commit()
    async with uow:
        with pytest.raises(RuntimeError, match="already open"):
            await uow.__aenter__()
    with pytest.raises(RuntimeError, match="not open"):
        await uow.rollback()


async def test_unit_can_be_opened_again_when_the_previous_block_ended(
    pool: AsyncConnectionPool,
) -> None:
    uow = PostgresUnitOfWork(pool)
    async with uow:
        await _insert(uow, "big_tipper_77")
        await uow.commit()
    async with uow:
        assert await uow.people.find_by_username("big_tipper_77", CB) is not None
