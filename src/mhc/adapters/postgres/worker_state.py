"""The worker's shared state on PostgreSQL: heartbeats, advisory-lock leases, scheduled job runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timedelta
from typing import Any

import anyio
import psycopg
from psycopg import AsyncConnection
from psycopg.rows import class_row
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.pool import ConnectionPool, checkin, checkout, end_transaction
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.errors import MhcError
from mhc.domain.models import WorkerHeartbeat

# Bookkeeping after a job (its outcome, the lock's release) gets this long even during shutdown.
_CLEANUP_SECONDS = 3.0


def _unavailable(exc: Exception) -> Exception:
    return database_unavailable(exc) or exc


class PostgresHeartbeats:
    """The HeartbeatStore port: one upserted row per worker process."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool

    async def beat(
        self,
        *,
        worker_id: str,
        broadcaster: str,
        last_poll_at: datetime | None,
        last_event_at: datetime | None,
        lag_seconds: float | None,
        last_error: str | None,
    ) -> None:
        params = {
            "worker_id": worker_id,
            "broadcaster": broadcaster,
            "last_poll_at": last_poll_at,
            "last_event_at": last_event_at,
            "lag_seconds": lag_seconds,
            "last_error": last_error,
        }
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                await conn.execute(load_queries("worker_state")["beat"], params)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _unavailable(exc) from None

    async def latest(self, broadcaster: str) -> WorkerHeartbeat | None:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                cur = conn.cursor(row_factory=class_row(WorkerHeartbeat))
                await cur.execute(
                    load_queries("worker_state")["latest_heartbeat"], {"broadcaster": broadcaster}
                )
                return await cur.fetchone()
        except (PoolTimeout, psycopg.Error) as exc:
            raise _unavailable(exc) from None


class PostgresLease:
    """A session advisory lock, and the pooled connection that holds it."""

    def __init__(self, pool: ConnectionPool, conn: AsyncConnection[Any], name: str) -> None:
        self._pool = pool
        self._conn: AsyncConnection[Any] | None = conn
        self._name = name

    async def still_held(self) -> bool:
        if self._conn is None or self._conn.closed:
            return False
        try:
            await self._conn.execute("SELECT 1")
            await self._conn.commit()
        except psycopg.Error:
            return False
        return True

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with anyio.move_on_after(_CLEANUP_SECONDS, shield=True):
            try:
                if not conn.closed:
                    await conn.execute(
                        load_queries("worker_state")["release_lease"], {"name": self._name}
                    )
                    await conn.commit()
            except psycopg.Error:
                # The lock dies with the session anyway; the pool discards a broken connection.
                pass
            await checkin(self._pool, conn)


class PostgresLeases:
    """The Leases port: `pg_try_advisory_lock` on a connection kept out of the pool meanwhile.

    The lock is session-level: it outlives the transaction that took it and ends with the
    connection, so a worker whose database restarted has lost it and must take it again.
    """

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool

    async def try_acquire(self, name: str) -> PostgresLease | None:
        try:
            conn = await checkout(self._pool, wait=CONNECT_TIMEOUT)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _unavailable(exc) from None
        try:
            cur = await conn.execute(load_queries("worker_state")["try_lease"], {"name": name})
            row = await cur.fetchone()
            await conn.commit()
        except psycopg.Error as exc:
            await checkin(self._pool, conn)
            raise _unavailable(exc) from None
        except BaseException:
            await checkin(self._pool, conn)
            raise
        if not (row and row[0]):
            await checkin(self._pool, conn)
            return None
        return PostgresLease(self._pool, conn, name)


class PostgresJobRuns:
    """The JobRuns port: a due job's row is locked (SKIP LOCKED) for as long as it runs."""

    def __init__(self, pool: ConnectionPool, *, worker_id: str) -> None:
        self._pool = pool
        self._worker_id = worker_id

    @asynccontextmanager
    async def claim(self, name: str, every: timedelta) -> AsyncIterator[bool]:
        try:
            conn = await checkout(self._pool, wait=CONNECT_TIMEOUT)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _unavailable(exc) from None
        try:
            try:
                await conn.execute(load_queries("worker_state")["ensure_job"], {"name": name})
                await conn.commit()
                cur = await conn.execute(load_queries("worker_state")["claim_job"], {"name": name})
                row = await cur.fetchone()
            except psycopg.Error as exc:
                raise _unavailable(exc) from None
            if row is None:
                await end_transaction(conn)
                yield False
                return
            started_at: datetime = row[0]
            try:
                yield True
            except Exception as exc:
                with anyio.move_on_after(_CLEANUP_SECONDS, shield=True):
                    await self._finish(conn, name, every, started_at, _describe(exc))
                raise
            except BaseException:
                # Cancelled (shutdown): left unrecorded, the job is due again for the next worker.
                with anyio.move_on_after(_CLEANUP_SECONDS, shield=True):
                    await _rollback_quietly(conn)
                raise
            await self._finish(conn, name, every, started_at, None)
        finally:
            with anyio.move_on_after(_CLEANUP_SECONDS, shield=True):
                await checkin(self._pool, conn)

    async def _finish(
        self,
        conn: AsyncConnection[Any],
        name: str,
        every: timedelta,
        started_at: datetime,
        error: str | None,
    ) -> None:
        try:
            await conn.execute(
                load_queries("worker_state")["finish_job"],
                {
                    "name": name,
                    "every": every,
                    "started_at": started_at,
                    "status": "failed" if error else "ok",
                    "error": error,
                    "worker_id": self._worker_id,
                },
            )
            await conn.commit()
        except psycopg.Error:
            # The run is not recorded: the job is simply due again, which is the safe side.
            pass


def _describe(exc: Exception) -> str:
    """A failure for the jobs table: the panel's own errors are secret-free, others may not be."""
    if isinstance(exc, MhcError):
        return f"{type(exc).__name__}: {exc}"[:500]
    return type(exc).__name__


async def _rollback_quietly(conn: AsyncConnection[Any]) -> None:
    with suppress(psycopg.Error):
        await conn.rollback()
