"""Construction and lifetime of the psycopg connection pool (the composition root owns it)."""

from __future__ import annotations

import select
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeAlias

import psycopg
from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus
from psycopg_pool import AsyncConnectionPool

from mhc.adapters.postgres.jsonb import use_msgspec_json

ConnectionPool: TypeAlias = AsyncConnectionPool[AsyncConnection[Any]]

# How long opening a pool waits for its first connections (psycopg's default).
OPEN_WAIT_SECONDS = 30.0
# Closing waits this long at most for a connection attempt in flight (the database down): a
# process stopping must not hang on it.
CLOSE_WAIT_SECONDS = 2.0
# Whether the open transaction has written anything (only a write gets a transaction id).
_WROTE_SOMETHING = "SELECT pg_current_xact_id_if_assigned() IS NOT NULL"


def build_pool(
    database_url: str, *, min_size: int = 1, max_size: int = 10, generic_plans: bool = False
) -> ConnectionPool:
    """A pool that is not open yet: opening needs the event loop, building does not.

    psycopg prepares a statement on a connection after its fifth run there. PostgreSQL then
    plans a prepared statement again for each run's parameters whenever its plan for any
    parameters looks dearer, which it does for a walk of an index from a given id or a probe of
    an array of keys: the estimate assumes a third of the table, or ten keys. With
    `generic_plans`, the pool's connections plan each prepared statement once, for any
    parameters. That is for statements whose best plan does not depend on them and which cost
    more to plan than to run; a statement run unprepared (`prepare=False`) is planned that way
    too on such a connection, so nothing that needs its parameters' own plan belongs there.
    Such connections plan no parallel workers either: for a third of ten million rows the plan
    for any parameters gathered two, whose start cost each run of a sub-millisecond read 5 ms.
    """
    return AsyncConnectionPool(
        database_url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        configure=_configure,
        # A statement outside a transaction block commits on its own: a read is one round
        # trip, not three (BEGIN, the read, COMMIT). Code that commits and rolls back by hand
        # checks its connection out with `checkout` (see below).
        kwargs={"options": connection_options(generic_plans=generic_plans), "autocommit": True},
        check=_check_connection,
        name="mhc",
    )


def connection_options(*, generic_plans: bool) -> str:
    """The settings a pool's connections open with (see build_pool)."""
    # Timestamps leave the database in UTC whatever the server's default zone is.
    options = "-c TimeZone=UTC"
    if generic_plans:
        options += " -c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0"
    return options


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


async def _check_connection(conn: AsyncConnection[Any]) -> None:
    """Hide a restarted or terminated server (embedded or managed) from callers, without a
    round trip on every checkout: an idle connection the server has given up on has its
    farewell (an error, or the end of the stream) waiting on its socket."""
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    if readable:
        await AsyncConnectionPool.check_connection(conn)


async def checkout(pool: ConnectionPool, *, wait: float | None = None) -> AsyncConnection[Any]:
    """A pooled connection for code that commits and rolls back by hand: its first statement
    opens a transaction that lasts until `commit()` or `rollback()`. Give it back with
    `checkin`."""
    conn = await pool.getconn(timeout=wait)
    try:
        await conn.set_autocommit(False)
    except BaseException:
        await pool.putconn(conn)
        raise
    return conn


async def checkin(pool: ConnectionPool, conn: AsyncConnection[Any]) -> None:
    """Give back a connection from `checkout`, ended transaction and all, autocommitting again
    (the pool discards a broken one)."""
    if not conn.closed:
        with suppress(psycopg.Error):
            await end_transaction(conn)
            await conn.set_autocommit(True)
    await pool.putconn(conn)


async def end_transaction(conn: AsyncConnection[Any]) -> None:
    """End the transaction open on `conn`, if any, keeping nothing it did not commit.

    A transaction that wrote nothing (the server never gave it a transaction id: it only read,
    or found nothing to lock) ends with COMMIT, which has nothing to keep either. Ending it with
    ROLLBACK would cost the connection its prepared statements: psycopg forgets (and
    deallocates) all of them whenever it rolls back, so the next runs of each statement on that
    connection would be parsed and planned again. What a COMMIT would still send is a NOTIFY
    queued without a write; the panel's notifications all come from triggers on writes.
    """
    status = conn.info.transaction_status
    if status == TransactionStatus.IDLE:
        return
    if status == TransactionStatus.INTRANS:
        cur = await conn.execute(_WROTE_SOMETHING)
        row = await cur.fetchone()
        if row is not None and not row[0]:
            await conn.commit()
            return
    await conn.rollback()
