"""The ListeningLog port on PostgreSQL, and reading a session's listening spans back.

Writes take a pooled connection for one statement each, like the heartbeat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
import psycopg
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.ingestion import CONNECT_TIMEOUT, database_unavailable
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.coverage import Coverage, ShowListening

_decoder = msgspec.json.Decoder(ShowListening)


def session_coverage(document: Any) -> Coverage:
    """The coverage of a session from the `session_listening` fragment's JSON (text or parsed)."""
    if isinstance(document, str | bytes):
        return _decoder.decode(document).coverage
    return msgspec.convert(document, ShowListening).coverage


class PostgresListeningLog:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._sql = load_queries("listening")

    async def open_span(
        self, *, broadcaster: str, worker_id: str, started_at: datetime, ended_at: datetime
    ) -> int:
        params = {
            "broadcaster": broadcaster,
            "worker_id": worker_id,
            "started_at": started_at,
            "ended_at": ended_at,
        }
        row = await self._one("open_span", params)
        assert row is not None, "INSERT ... RETURNING returns the row"
        return int(row[0])

    async def extend_span(self, span_id: int, ended_at: datetime) -> None:
        await self._one("extend_span", {"span_id": span_id, "ended_at": ended_at})

    async def _one(self, name: str, params: dict[str, Any]) -> Any:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                cur = await conn.execute(self._sql[name], params)
                return await cur.fetchone() if cur.description else None
        except (PoolTimeout, psycopg.Error) as exc:
            raise (database_unavailable(exc) or exc) from None
