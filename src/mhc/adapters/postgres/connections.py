"""The ConnectionStore port on PostgreSQL: sealed values and health, one row per connection.

Only ciphertext reaches this module: it never sees a value in clear.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, LiteralString

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.connections import ConnectionName, Health, Outcome
from mhc.ports.connections import StoredConnection


class PostgresConnectionStore:
    """Each statement borrows its own pooled connection and commits at once. A database that
    cannot be reached raises StoreUnavailable (the worker waits it out)."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("connections")

    async def all(self) -> list[StoredConnection]:
        return [_stored(row) for row in await self._rows("all", {})]

    async def get(self, name: ConnectionName) -> StoredConnection | None:
        rows = await self._rows("get", {"name": name.value})
        return _stored(rows[0]) if rows else None

    async def save_secret(self, name: ConnectionName, sealed: bytes, at: datetime) -> None:
        await self._execute("save_secret", {"name": name.value, "secret": sealed, "at": at})

    async def clear_secret(self, name: ConnectionName) -> None:
        await self._execute("clear_secret", {"name": name.value})

    async def record_health(self, name: ConnectionName, health: Health) -> None:
        params = {
            "name": name.value,
            "fingerprint": health.fingerprint,
            "outcome": health.outcome.value,
            "message": health.message,
            "checked_at": health.checked_at,
        }
        await self._execute("record_health", params)

    async def replace_secrets(self, sealed: dict[ConnectionName, bytes]) -> None:
        params = {
            "names": [name.value for name in sealed],
            "secrets": list(sealed.values()),
        }
        await self._execute("replace_secrets", params)

    async def _rows(self, query: LiteralString, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        try:
            async with (
                self._pool.connection(timeout=CONNECT_TIMEOUT) as conn,
                conn.cursor(row_factory=dict_row) as cur,
            ):
                await cur.execute(self._queries[query], params)
                return await cur.fetchall()
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None

    async def _execute(self, query: LiteralString, params: Mapping[str, Any]) -> None:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                await conn.execute(self._queries[query], params)
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None


def _stored(row: dict[str, Any]) -> StoredConnection:
    health = None
    if row["health_outcome"] is not None:
        health = Health(
            fingerprint=row["health_fingerprint"],
            outcome=Outcome(row["health_outcome"]),
            message=row["health_message"],
            checked_at=row["health_checked_at"],
            last_success_at=row["last_success_at"],
        )
    secret = row["secret"]
    return StoredConnection(
        name=row["name"],
        secret=None if secret is None else bytes(secret),
        secret_set_at=row["secret_set_at"],
        health=health,
    )
