"""The api_failures log, written outside any business transaction."""

from __future__ import annotations

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.adapters.postgres.repositories.base import struct_row
from mhc.domain.models import ApiFailure, NewApiFailure


class PostgresFailureLog:
    """Each write borrows its own pooled connection and commits at once.

    So a failure recorded in the middle of a use case survives that use case's rollback.
    """

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("failures")

    async def record(self, failure: NewApiFailure) -> None:
        params = {
            "service": failure.service,
            "endpoint": failure.endpoint,
            "status": failure.status,
            "message": failure.message,
        }
        async with self._pool.connection() as conn:
            await conn.execute(self._queries["record"], params)

    async def recent(self, *, limit: int = 100, offset: int = 0) -> list[ApiFailure]:
        """The newest failures first."""
        async with (
            self._pool.connection() as conn,
            conn.cursor(row_factory=struct_row(ApiFailure)) as cur,
        ):
            await cur.execute(self._queries["recent"], {"limit": limit, "offset": offset})
            return await cur.fetchall()
