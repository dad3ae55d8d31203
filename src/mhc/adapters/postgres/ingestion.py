"""The bulk ingestion store on PostgreSQL: a whole Events API batch in one transaction.

Set-at-a-time on purpose: a batch costs a handful of statements whatever its size (persons
found, created and touched by `unnest` arrays, interactions inserted by one `INSERT ... SELECT
FROM unnest(...) ON CONFLICT DO NOTHING`), never one round trip per event.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import msgspec
import psycopg
from psycopg import AsyncConnection
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.pool import ConnectionPool, checkin, checkout
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.errors import StoreUnavailable
from mhc.domain.models import InteractionSource, Platform, Role
from mhc.domain.people import merge_roles
from mhc.domain.watchlists import EXCLUDED
from mhc.ports.ingestion import CursorMoved, EventRow, EventsCursor, LiveSession

SOURCE = InteractionSource.CB_EVENTS.value
PLATFORM = Platform.CHATURBATE.value
# How long a batch waits for a pooled connection before it calls the database unreachable.
CONNECT_TIMEOUT = 5.0
# A name created by a concurrent transaction is found on the next look-up.
_CREATE_ATTEMPTS = 3
_REPLACEMENT = "\ufffd"


def database_unavailable(exc: BaseException) -> StoreUnavailable | None:
    """The StoreUnavailable a driver error means, or None when it is not about reachability."""
    if isinstance(exc, PoolTimeout):
        return StoreUnavailable("the database did not hand out a connection in time")
    # Operational errors cover lost connections, shutdowns, deadlocks and serialization
    # failures: all of them leave nothing stored and deserve another try.
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreUnavailable(f"the database is unreachable or busy ({type(exc).__name__})")
    return None


def clean_text(value: str | None) -> str | None:
    """`value` without what PostgreSQL text refuses (NUL characters, lone surrogates)."""
    if value is None or (value.isascii() and "\x00" not in value):
        return value
    if "\x00" in value:
        value = value.replace("\x00", _REPLACEMENT)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def encode_metadata(metadata: Any) -> str:
    """The metadata as JSON text that jsonb accepts, whatever strings the event carried."""
    try:
        encoded = msgspec.json.encode(metadata)
    except UnicodeEncodeError:
        encoded = msgspec.json.encode(_clean_deep(metadata))
    if b"\\u0000" in encoded:
        encoded = msgspec.json.encode(_clean_deep(metadata))
    return encoded.decode("utf-8")


def _clean_deep(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_deep(v) for v in value]
    return value


class PostgresIngestionBatch:
    """One transaction of the bulk store, on one pooled connection."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn
        self.committed = False

    async def begin(self) -> None:
        # The commit does not wait for the disk: a database crash may forget the last moments
        # of batches, but each together with its cursor, so the worker fetches those events
        # again (its compare-and-set on the cursor notices the older position). Nothing is lost
        # or doubled, and a batch costs no fsync.
        await self._execute("begin_batch", {})

    async def live_session(self, broadcaster: str) -> LiveSession | None:
        row = await self._one("live_session", {"platform": PLATFORM, "broadcaster": broadcaster})
        return LiveSession(id=row[0], started_at=row[1]) if row else None

    async def start_session(self, broadcaster: str, started_at: datetime) -> LiveSession:
        params = {"platform": PLATFORM, "broadcaster": broadcaster, "started_at": started_at}
        # A session started by another transaction after this statement's snapshot is invisible
        # to it; the second try sees it.
        for _ in range(2):
            row = await self._one("start_session", params)
            if row is not None:
                return LiveSession(id=row[0], started_at=row[1])
        raise StoreUnavailable(f"could not start or find the LIVE session of {broadcaster}")

    async def end_session(self, session_id: int, ended_at: datetime) -> None:
        await self._execute("end_session", {"session_id": session_id, "ended_at": ended_at})

    async def last_session_end(self, broadcaster: str) -> datetime | None:
        row = await self._one(
            "last_session_end", {"platform": PLATFORM, "broadcaster": broadcaster}
        )
        return row[0] if row else None

    async def last_event_at(self, session_id: int) -> datetime | None:
        row = await self._one("last_event_at", {"session_id": session_id})
        return row[0] if row else None

    async def stored_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        cur = await self._execute(
            "stored_event_ids", {"source": SOURCE, "event_ids": list(event_ids)}
        )
        return {row[0] for row in await cur.fetchall()}

    async def store_events(self, rows: Sequence[EventRow]) -> int:
        person_ids = await self._persons_of(rows)
        try:
            async with self._conn.cursor().copy(
                load_queries("ingestion")["copy_interactions"]
            ) as copy:
                for row in rows:
                    await copy.write_row(
                        (
                            person_ids[row.username],
                            row.stream_session_id,
                            row.type.value,
                            clean_text(row.content),
                            row.occurred_at,
                            encode_metadata(row.metadata),
                            clean_text(row.event_id),
                        )
                    )
        except psycopg.Error as exc:
            raise _translated(exc) from None
        cur = await self._execute("insert_interactions", {"source": SOURCE})
        return max(cur.rowcount, 0)

    async def advance_cursor(
        self, broadcaster: str, *, expected: EventsCursor | None, new: EventsCursor
    ) -> None:
        row = await self._one(
            "advance_cursor",
            {
                "broadcaster": broadcaster,
                "last_event_id": new.last_event_id,
                "timeout_seconds": new.timeout_seconds,
                "expected_event_id": expected.last_event_id if expected else None,
            },
        )
        if row is None:
            raise CursorMoved(f"another worker moved the Events API cursor of {broadcaster}")

    async def commit(self) -> None:
        try:
            await self._conn.commit()
        except psycopg.Error as exc:
            raise _translated(exc) from None
        self.committed = True

    async def _persons_of(self, rows: Sequence[EventRow]) -> dict[str, int]:
        """The id of every row's person, creating the unknown ones and touching the known."""
        seen: dict[str, _Sighting] = {}
        for row in rows:
            sighting = seen.get(row.username)
            if sighting is None:
                seen[row.username] = _Sighting(row)
            else:
                sighting.add(row)
        ids: dict[str, int] = {}
        touches: list[tuple[int, str, datetime]] = []
        for _ in range(_CREATE_ATTEMPTS):
            missing = [name for name in seen if name not in ids]
            if not missing:
                break
            cur = await self._execute("find_persons", {"platform": PLATFORM, "usernames": missing})
            for username, person_id, role, last_seen_at in await cur.fetchall():
                ids[username] = person_id
                sighting = seen[username]
                merged = merge_roles(Role(role), sighting.role)
                if merged != role or sighting.last_seen_at > last_seen_at:
                    touches.append((person_id, merged.value, sighting.last_seen_at))
            missing = [name for name in seen if name not in ids]
            if missing:
                await self._create(missing, seen, ids)
        unresolved = [name for name in seen if name not in ids]
        if unresolved:
            raise StoreUnavailable(f"could not find or create {len(unresolved)} person(s)")
        if touches:
            touches.sort()
            await self._execute(
                "touch_persons",
                {
                    "ids": [t[0] for t in touches],
                    "roles": [t[1] for t in touches],
                    "last_seen": [t[2] for t in touches],
                },
            )
        return ids

    async def _create(
        self, names: list[str], seen: dict[str, _Sighting], ids: dict[str, int]
    ) -> None:
        sightings = [seen[name] for name in names]
        cur = await self._execute(
            "create_persons",
            {
                "platform": PLATFORM,
                "usernames": names,
                "roles": [s.role.value for s in sightings],
                "excluded": [s.is_excluded for s in sightings],
                "first_seen": [s.first_seen_at for s in sightings],
                "last_seen": [s.last_seen_at for s in sightings],
            },
        )
        excluded: list[int] = []
        for person_id, username, is_excluded in await cur.fetchall():
            ids[username] = person_id
            if is_excluded:
                excluded.append(person_id)
        if excluded:
            await self._execute("add_to_watchlist", {"person_ids": excluded, "watchlist": EXCLUDED})

    async def _one(self, name: str, params: dict[str, Any]) -> Any:
        cur = await self._execute(name, params)
        return await cur.fetchone()

    async def _execute(self, name: str, params: dict[str, Any]) -> psycopg.AsyncCursor[Any]:
        try:
            return await self._conn.execute(load_queries("ingestion")[name], params)
        except psycopg.Error as exc:
            raise _translated(exc) from None


class _Sighting:
    """How one person appears in a batch: earliest and latest time, role, exclusion."""

    __slots__ = ("first_seen_at", "is_excluded", "last_seen_at", "role")

    def __init__(self, row: EventRow) -> None:
        self.first_seen_at = row.occurred_at
        self.last_seen_at = row.occurred_at
        self.role = row.role
        self.is_excluded = row.is_excluded

    def add(self, row: EventRow) -> None:
        self.first_seen_at = min(self.first_seen_at, row.occurred_at)
        self.last_seen_at = max(self.last_seen_at, row.occurred_at)
        self.role = merge_roles(self.role, row.role)


def _translated(exc: psycopg.Error) -> Exception:
    return database_unavailable(exc) or exc


class PostgresIngestionStore:
    """The IngestionStore port: each batch is one transaction on a pooled connection."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[PostgresIngestionBatch]:
        try:
            conn = await checkout(self._pool, wait=CONNECT_TIMEOUT)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _translated(exc) from None
        tx = PostgresIngestionBatch(conn)
        try:
            await tx.begin()
            yield tx
        finally:
            # A batch not committed is rolled back; a broken connection is discarded.
            await checkin(self._pool, conn)

    async def load_cursor(self, broadcaster: str) -> EventsCursor | None:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT) as conn:
                cur = await conn.execute(
                    load_queries("ingestion")["load_cursor"], {"broadcaster": broadcaster}
                )
                row = await cur.fetchone()
        except (PoolTimeout, psycopg.Error) as exc:
            raise _translated(exc) from None
        if row is None:
            return None
        return EventsCursor(last_event_id=row[0], timeout_seconds=row[1])
