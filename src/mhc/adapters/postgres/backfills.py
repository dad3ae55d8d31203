"""The backfills table on PostgreSQL, and where the room's live history begins.

Each write borrows its own pooled connection and commits at once, like the failure log: the
panel sees progress while the work goes on. A lost connection or a database that is down
becomes StoreUnavailable, which the worker waits out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import msgspec
import psycopg
from psycopg import AsyncConnection
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.jsonb import to_jsonb
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.repositories.base import struct_row
from mhc.domain.backfills import Backfill, BackfillPage, BackfillStatus, NewBackfill
from mhc.domain.models import InteractionType


class PostgresBackfillStore:
    """The BackfillStore port."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("backfills")

    async def create(self, backfill: NewBackfill) -> Backfill:
        params = {
            "kind": backfill.kind,
            "label": backfill.label,
            "params": to_jsonb(msgspec.to_builtins(backfill.params)),
            "origin": backfill.origin,
            "status": backfill.status,
            "worker_id": backfill.worker_id,
        }
        created = await self._one("create", params)
        assert created is not None, "INSERT ... RETURNING returns the row"
        return created

    async def claim_queued(self, worker_id: str) -> Backfill | None:
        return await self._one("claim_queued", {"worker_id": worker_id})

    async def record_progress(
        self,
        backfill_id: int,
        *,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> bool:
        params = _counts(backfill_id, total, done, failed, summary, last_error)
        async with self._connection() as conn:
            row = await (await conn.execute(self._queries["record_progress"], params)).fetchone()
        return bool(row and row[0])

    async def finish(
        self,
        backfill_id: int,
        *,
        status: BackfillStatus,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> Backfill:
        params = {
            **_counts(backfill_id, total, done, failed, summary, last_error),
            "status": status,
        }
        finished = await self._one("finish", params) or await self.get(backfill_id)
        assert finished is not None, "backfills are never deleted"
        return finished

    async def touch(self, backfill_id: int) -> None:
        await self._execute("touch", {"id": backfill_id})

    async def requeue(self, backfill_id: int) -> None:
        await self._execute("requeue", {"id": backfill_id})

    async def cancel(self, backfill_id: int, reason: str) -> None:
        await self._execute("cancel", {"id": backfill_id, "reason": reason})

    async def request_cancel(self, backfill_id: int, queued_reason: str) -> Backfill | None:
        return await self._one("request_cancel", {"id": backfill_id, "reason": queued_reason})

    async def fail_stale(self, older_than: timedelta, reason: str) -> list[int]:
        async with self._connection() as conn:
            cur = await conn.execute(
                self._queries["fail_stale"], {"older_than": older_than, "reason": reason}
            )
            return sorted(row[0] for row in await cur.fetchall())

    async def get(self, backfill_id: int) -> Backfill | None:
        return await self._one("get", {"id": backfill_id})

    async def page(self, *, limit: int, offset: int) -> BackfillPage:
        async with self._connection() as conn:
            async with conn.cursor(row_factory=struct_row(Backfill)) as cur:
                await cur.execute(self._queries["page"], {"limit": limit, "offset": offset})
                items = await cur.fetchall()
            counted = await (await conn.execute(self._queries["count"])).fetchone()
        total = int(counted[0]) if counted else 0
        return BackfillPage(items=items, total=total, limit=limit, offset=offset)

    async def _one(self, query: str, params: Mapping[str, Any]) -> Backfill | None:
        async with (
            self._connection() as conn,
            conn.cursor(row_factory=struct_row(Backfill)) as cur,
        ):
            await cur.execute(self._queries[query], params)
            return await cur.fetchone()

    async def _execute(self, query: str, params: Mapping[str, Any]) -> None:
        async with self._connection() as conn:
            await conn.execute(self._queries[query], params)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection[Any]]:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                yield conn
        except (PoolTimeout, psycopg.Error) as exc:
            unavailable = database_unavailable(exc)
            if unavailable is None:
                raise
            raise unavailable from None


class PostgresRoomHistory:
    """The RoomHistory port."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("backfills")

    async def live_history_start(self, room: str) -> datetime | None:
        params = {"room": room.lower(), "types": [kind.value for kind in InteractionType]}
        async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
            row = await (await conn.execute(self._queries["live_history_start"], params)).fetchone()
        return None if row is None else row[0]


def _counts(
    backfill_id: int,
    total: int | None,
    done: int,
    failed: int,
    summary: Mapping[str, int],
    last_error: str | None,
) -> dict[str, Any]:
    return {
        "id": backfill_id,
        "total": total,
        "done": done,
        "failed": failed,
        "summary": to_jsonb(dict(summary)),
        # A message from an external service may hold anything: keep it within reason.
        "last_error": None if last_error is None else last_error[:500],
    }
