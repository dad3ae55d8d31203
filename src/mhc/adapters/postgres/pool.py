"""Construction and lifetime of the psycopg connection pool (the composition root owns it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.jsonb import use_msgspec_json

ConnectionPool: TypeAlias = AsyncConnectionPool[AsyncConnection[Any]]

# How long opening a pool waits for its first connections (psycopg's default).
OPEN_WAIT_SECONDS = 30.0
# Closing waits this long at most for a connection attempt in flight (the database down): a
# process stopping must not hang on it.
CLOSE_WAIT_SECONDS = 2.0


def build_pool(database_url: str, *, min_size: int = 1, max_size: int = 10) -> ConnectionPool:
    """A pool that is not open yet: opening needs the event loop, building does not."""
    return AsyncConnectionPool(
        database_url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        configure=_configure,
        # Timestamps leave the database in UTC whatever the server's default zone is.
        kwargs={"options": "-c TimeZone=UTC"},
        # A cheap check on checkout hides a restarted server (embedded or managed) from callers.
        check=AsyncConnectionPool.check_connection,
        name="mhc",
    )


async def create_pool(
    database_url: str, *, min_size: int = 1, max_size: int = 10
) -> ConnectionPool:
    """Build and open a pool, waiting until `min_size` connections are ready."""
    pool = build_pool(database_url, min_size=min_size, max_size=max_size)
    await pool.open(wait=True)
    return pool


@asynccontextmanager
async def pool_lifespan(
    pool: ConnectionPool, *, wait_seconds: float = OPEN_WAIT_SECONDS
) -> AsyncIterator[ConnectionPool]:
    """Open `pool` for the duration of the block, then close it.

    Opening waits up to `wait_seconds` for the first connections (PoolTimeout after); with 0 it
    does not wait, and the pool connects in the background (to a database that may be down).
    """
    if wait_seconds > 0:
        await pool.open(wait=True, timeout=wait_seconds)
    else:
        await pool.open(wait=False)
    try:
        yield pool
    finally:
        await pool.close(timeout=CLOSE_WAIT_SECONDS)


async def _configure(conn: AsyncConnection[Any]) -> None:
    use_msgspec_json(conn)
