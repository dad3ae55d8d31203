"""Pool construction: msgspec for jsonb, open and close around a block; connections checked
out by hand come back with their transaction ended, and nothing uncommitted kept."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from psycopg.types.json import Jsonb

from mhc.adapters.postgres.pool import build_pool, checkin, checkout, create_pool, pool_lifespan


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


async def test_a_connection_that_only_read_comes_back_with_its_prepared_statements(
    database_url: str,
) -> None:
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        conn = await checkout(pool)
        await conn.execute("SELECT count(*) FROM watchlists", prepare=True)
        await checkin(pool, conn)
        async with pool.connection() as again:
            cur = await again.execute("SELECT count(*) FROM pg_prepared_statements")
            prepared = await cur.fetchone()
    finally:
        await pool.close()

    assert again is conn
    assert prepared == (1,)


@pytest.mark.parametrize("fails_after", [False, True])
async def test_a_connection_given_back_without_a_commit_keeps_nothing_it_wrote(
    database_url: str, fails_after: bool
) -> None:
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        conn = await checkout(pool)
        await conn.execute("INSERT INTO watchlists (name) VALUES ('never kept')")
        if fails_after:
            with pytest.raises(psycopg.errors.DivisionByZero):
                await conn.execute("SELECT 1 / 0")
        await checkin(pool, conn)
        async with pool.connection() as again:
            cur = await again.execute("SELECT count(*) FROM watchlists")
            lists = await cur.fetchone()
    finally:
        await pool.close()

    assert lists == (5,)
