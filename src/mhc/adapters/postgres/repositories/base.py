"""What every PostgreSQL repository shares: one folder of queries, struct rows, guarded writes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, ClassVar, TypeVar

import msgspec
import psycopg
from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus
from psycopg.rows import BaseRowFactory, kwargs_row

from mhc.adapters.postgres.errors import translate_error
from mhc.adapters.postgres.queries import load_queries

S = TypeVar("S", bound=msgspec.Struct)
Params = Mapping[str, Any]


def struct_row(struct: type[S]) -> BaseRowFactory[S]:
    """Rows as domain structs; msgspec turns text columns into the structs' enums."""

    def build(**columns: Any) -> S:
        return msgspec.convert(columns, struct)

    return kwargs_row(build)


class SqlRepository:
    """Runs the queries of `sql/<sql_folder>/` on the connection of a unit of work."""

    sql_folder: ClassVar[str]

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn
        self._queries = load_queries(self.sql_folder)

    async def _fetch_one(self, query: str, params: Params, struct: type[S]) -> S | None:
        async with self._conn.cursor(row_factory=struct_row(struct)) as cur:
            await cur.execute(self._queries[query], params)
            return await cur.fetchone()

    async def _fetch_all(self, query: str, params: Params, struct: type[S]) -> list[S]:
        async with self._conn.cursor(row_factory=struct_row(struct)) as cur:
            await cur.execute(self._queries[query], params)
            return await cur.fetchall()

    async def _fetch_count(self, query: str, params: Params) -> int:
        async with self._conn.cursor() as cur:
            await cur.execute(self._queries[query], params)
            row = await cur.fetchone()
        assert row is not None, f"{query} must return one row"
        return int(row[0])

    async def _write_one(self, query: str, params: Params, struct: type[S]) -> S | None:
        """Run a write that returns at most one row, translating refusals."""
        async with (
            self._guarded(params),
            self._conn.cursor(row_factory=struct_row(struct)) as cur,
        ):
            await cur.execute(self._queries[query], params)
            return await cur.fetchone()

    async def _write(self, query: str, params: Params) -> int:
        """Run a write, translating refusals; returns the number of rows affected."""
        async with self._guarded(params), self._conn.cursor() as cur:
            await cur.execute(self._queries[query], params)
            return cur.rowcount

    @asynccontextmanager
    async def _guarded(self, params: Params) -> AsyncIterator[None]:
        """Turn a refused write into a domain error and keep the transaction usable after it."""
        try:
            if self._conn.info.transaction_status == TransactionStatus.IDLE:
                # Nothing done yet in this transaction: rolling back restores exactly that.
                try:
                    yield
                except psycopg.Error:
                    await self._conn.rollback()
                    raise
            else:
                # A savepoint, so that earlier work survives this statement's failure.
                async with self._conn.transaction():
                    yield
        except psycopg.Error as exc:
            domain_error = translate_error(exc, params)
            if domain_error is None:
                raise
            raise domain_error from exc
