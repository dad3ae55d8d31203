"""Pool construction: msgspec for jsonb, open and close around a block."""

from __future__ import annotations

from datetime import UTC, datetime

from psycopg.types.json import Jsonb

from mhc.adapters.postgres.pool import build_pool, create_pool, pool_lifespan


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
