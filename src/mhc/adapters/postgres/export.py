"""The Exporter port on PostgreSQL: every domain table from one snapshot, streamed.

An export runs in one REPEATABLE READ, READ ONLY transaction, so its tables agree with each
other however long it takes while the worker keeps writing. JSON rows come from a server-side
cursor (`row_to_json`, a batch at a time) and CSV from `COPY ... TO STDOUT`: neither loads a
table into memory. The queries in `sql/export/` take every column (`*`), so a column added
by a later migration is exported without anyone remembering to list it.

Auth tables (hashes of session cookies and API keys, the TOTP secret, addresses of failed
logins), the services' credentials and the worker's own bookkeeping are never exported:
`NOT_EXPORTED` says why for each, and a test fails when a table is in neither list.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, LiteralString

from psycopg import AsyncConnection, sql
from psycopg.rows import scalar_row

from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.errors import NotFound
from mhc.ports.exports import ExportedPerson

# In the order they are written: a table comes after the tables it refers to.
PERSON_TABLES = (
    "persons",
    "person_aliases",
    "stream_sessions",
    "snapshots",
    "interactions",
    "notes",
    "attributes",
    "watchlists",
    "watchlist_members",
    "analysis_dismissals",
    "api_failures",
    "alerts",
    "alert_deliveries",
)
ALL_TABLES = (
    *PERSON_TABLES,
    "erasures",
    "backfills",
    "contract_drift",
    "alert_rules",
    "alert_settings",
    "session_themes",
    "listening_spans",
    "owner_clock",
)
NOT_EXPORTED = {
    "auth_sessions": "the owner's browser sessions (hashes of their cookies)",
    "api_keys": "the owner's API keys (hashes)",
    "auth_owner": "the owner's password hash, TOTP secret and setup token",
    "auth_recovery_codes": "the owner's TOTP recovery codes (hashes)",
    "login_throttle": "addresses of failed logins",
    "connections": "the services' credentials (sealed) and how they fared",
    "login_budget": "the shared budget of password checks",
    "events_cursor": "the worker's place in the Events API",
    "worker_heartbeat": "the worker's liveness",
    "worker_jobs": "the worker's schedule",
    "api_call_budgets": "the shared Statbate call budget's state",
    "statbate_lookups": "the worker's queue of automatic look-ups (the snapshots are exported)",
    "room_followers": "the worker's place in the stored room events",
    "schema_migrations": "its newest version is the export's schemaVersion",
    "person_search": "the directory's search index, rebuilt from names, notes and tags",
    "person_totals": "each person's counts and sums of their interactions, kept as rows arrive",
    "person_counts": "how many persons of each role there are, kept as persons come and go",
    "session_person_totals": "each person's counts and sums in each session, kept as rows arrive",
    "session_totals": "each session's counts and sums over everyone, kept as rows arrive",
    "person_activity_hours": "each person's interactions per hour, session, type and source",
    "person_activity_by_hour": "each person's activity per hour, folded from the hourly groups",
    "person_activity_by_session": "each person's chats, tips and newest event in each session",
    "person_activity_by_kind": "each person's activity per type and source",
    "person_tips": "each person's tips and their tokens, copied narrow from the interactions",
    "card_versions": "a number per person that moves when their radar card's facts change",
}
# Rows per round trip of the JSON cursor: large enough to amortise it, small enough to stream.
JSON_BATCH_ROWS = 2_000

_cursor_names = itertools.count()


class PostgresExporter:
    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._queries = load_queries("export")

    async def person(self, person_id: int) -> ExportedPerson:
        async with self._pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(self._queries["person"], {"person_id": person_id})
            row = await cur.fetchone()
        if row is None:
            raise NotFound(f"person {person_id} does not exist")
        return ExportedPerson(id=row[0], username=row[1])

    @asynccontextmanager
    async def open(self, person_id: int | None = None) -> AsyncIterator[PostgresExport]:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # Timestamps in the export read the same wherever the server runs.
            await conn.execute("SET LOCAL TimeZone = 'UTC'")
            async with conn.cursor() as cur:
                await cur.execute(self._queries["schema_version"])
                version_row = await cur.fetchone()
            person = None
            if person_id is not None:
                async with conn.cursor() as cur:
                    await cur.execute(self._queries["person"], {"person_id": person_id})
                    person_row = await cur.fetchone()
                if person_row is None:
                    raise NotFound(f"person {person_id} does not exist")
                person = ExportedPerson(id=person_row[0], username=person_row[1])
            yield PostgresExport(
                conn,
                schema_version=None if version_row is None else version_row[0],
                person=person,
            )


class PostgresExport:
    """An open export on the connection of its transaction (see the Export port)."""

    def __init__(
        self,
        conn: AsyncConnection[Any],
        *,
        schema_version: str | None,
        person: ExportedPerson | None,
    ) -> None:
        self._conn = conn
        self._queries = load_queries("export")
        self._params = {"person_id": None if person is None else person.id}
        self.schema_version = schema_version
        self.person = person
        self.tables: Sequence[str] = ALL_TABLES if person is None else PERSON_TABLES
        self.counts: dict[str, int] = {}

    async def json_rows(self, table: str) -> AsyncIterator[list[str]]:
        query = sql.SQL("SELECT row_to_json(r)::text FROM (\n{}\n) AS r").format(
            sql.SQL(self._select(table))
        )
        self.counts[table] = 0
        name = f"mhc_export_{next(_cursor_names)}"
        async with self._conn.cursor(name, row_factory=scalar_row) as cur:
            await cur.execute(query, self._params)
            while batch := await cur.fetchmany(JSON_BATCH_ROWS):
                self.counts[table] += len(batch)
                yield batch

    async def csv(self, table: str) -> AsyncIterator[bytes]:
        statement = sql.SQL("COPY (\n{}\n) TO STDOUT WITH (FORMAT csv, HEADER)").format(
            sql.SQL(self._select(table))
        )
        async with self._conn.cursor() as cur:
            async with cur.copy(statement, self._params) as copy:
                async for chunk in copy:
                    yield bytes(chunk)
            self.counts[table] = cur.rowcount

    def _select(self, table: str) -> LiteralString:
        if table not in self.tables:
            raise NotFound(f"{table} is not part of this export")
        # The statement is nested in another one: no trailing semicolon.
        return self._queries[table].rstrip().removesuffix(";")
