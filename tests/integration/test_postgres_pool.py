"""Pool construction: msgspec for jsonb, open and close around a block, plans made once on a
pool asked to; connections checked out by hand come back with their transaction ended, and
nothing uncommitted kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from mhc.adapters.postgres.pool import build_pool, checkin, checkout, create_pool, pool_lifespan
from mhc.adapters.postgres.read_models import PLANNED_ONCE, PostgresReadModels
from mhc.domain.models import Platform

OWNER = "hudson_cage"


async def test_create_pool_reads_and_writes_jsonb_with_msgspec_when_opened(
    database_url: str,
) -> None:
    pool = await create_pool(database_url, min_size=1, max_size=2)
    try:
        async with pool.connection() as conn:
            # The standard library's json cannot encode a datetime; msgspec writes ISO 8601.
            cur = await conn.execute(
                "SELECT %s::jsonb", [Jsonb({"received_at": datetime(2026, 1, 5, tzinfo=UTC)})]
            )
            row = await cur.fetchone()
    finally:
        await pool.close()

    assert row == ({"received_at": "2026-01-05T00:00:00Z"},)


async def test_pool_lifespan_opens_the_pool_for_the_block_and_closes_it_after(
    database_url: str,
) -> None:
    pool = build_pool(database_url, min_size=1, max_size=2)

    async with pool_lifespan(pool) as opened, opened.connection() as conn:
        cur = await conn.execute("SELECT count(*) FROM watchlists")
        assert await cur.fetchone() == (5,)

    assert pool.closed


async def _given_back_then(
    database_url: str, work: Callable[[AsyncConnection[Any]], Awaitable[object]], query: str
) -> tuple[Any, ...] | None:
    """Do `work` on a connection checked out of a pool of one and give it back without a
    commit; then run `query` on the same connection."""
    pool = build_pool(database_url, min_size=1, max_size=1)
    async with pool_lifespan(pool):
        conn = await checkout(pool)
        await work(conn)
        await checkin(pool, conn)
        async with pool.connection() as again:
            assert again is conn
            cur = await again.execute(query)
            return await cur.fetchone()


async def test_a_connection_that_only_read_comes_back_with_its_prepared_statements(
    database_url: str,
) -> None:
    async def read(conn: AsyncConnection[Any]) -> None:
        await conn.execute("SELECT count(*) FROM watchlists", prepare=True)

    prepared = await _given_back_then(
        database_url, read, "SELECT count(*) FROM pg_prepared_statements"
    )

    assert prepared == (1,)


@pytest.mark.parametrize("fails_after", [False, True])
async def test_a_connection_given_back_without_a_commit_keeps_nothing_it_wrote(
    database_url: str, fails_after: bool
) -> None:
    async def write(conn: AsyncConnection[Any]) -> None:
        await conn.execute("INSERT INTO watchlists (name) VALUES ('never kept')")
        if fails_after:
            with pytest.raises(psycopg.errors.DivisionByZero):
                await conn.execute("SELECT 1 / 0")

    lists = await _given_back_then(database_url, write, "SELECT count(*) FROM watchlists")

    assert lists == (5,)


@pytest.mark.parametrize(
    ("generic_plans", "settings"), [(False, ("auto", "2")), (True, ("force_generic_plan", "0"))]
)
async def test_a_pool_plans_once_and_without_parallel_workers_only_when_asked(
    database_url: str, generic_plans: bool, settings: tuple[str, str]
) -> None:
    pool = build_pool(database_url, min_size=1, max_size=1, generic_plans=generic_plans)
    async with pool_lifespan(pool) as opened, opened.connection() as conn:
        cur = await conn.execute(
            "SELECT current_setting('plan_cache_mode'),"
            " current_setting('max_parallel_workers_per_gather')"
        )
        assert await cur.fetchone() == settings


async def test_the_read_models_plan_stable_reads_are_planned_once_on_their_connection(
    database_url: str,
) -> None:
    pool = build_pool(database_url, min_size=1, max_size=2)
    generic_plans_pool = build_pool(database_url, min_size=1, max_size=1, generic_plans=True)
    async with pool_lifespan(pool), pool_lifespan(generic_plans_pool):
        async with pool.connection() as conn:
            await conn.execute("INSERT INTO persons (username) VALUES ('big_tipper_77')")
            cur = await conn.execute("INSERT INTO stream_sessions DEFAULT VALUES RETURNING id")
            [(session_id,)] = await cur.fetchall()
            cur = await conn.execute("SELECT min(id) FROM watchlists")
            [(watchlist_id,)] = await cur.fetchall()
        read_models = PostgresReadModels(pool, generic_plans_pool=generic_plans_pool)
        # psycopg prepares a statement on its sixth run on a connection.
        for _ in range(7):
            found = await read_models.find_persons(["big_tipper_77"], platform=Platform.CHATURBATE)
            bundles = await read_models.person_bundles(
                [found["big_tipper_77"].id], interactions_limit=20
            )
            assert [bundle.person.username for bundle in bundles] == ["big_tipper_77"]
            sessions = await read_models.session_summaries(OWNER, limit=20, offset=0)
            assert [summary.id for summary in sessions.items] == [session_id]
            assert await read_models.session_detail(session_id, types=[], limit=50, offset=0)
            assert await read_models.watchlist_members(
                watchlist_id, broadcaster=OWNER, limit=25, offset=0
            )
            await read_models.hudson_overview(OWNER, recent_limit=25, session_limit=10)
        async with generic_plans_pool.connection() as conn:
            cur = await conn.execute(
                "SELECT generic_plans > 0, custom_plans FROM pg_prepared_statements"
            )
            plans = await cur.fetchall()

    assert plans == [(True, 0)] * len(PLANNED_ONCE)
