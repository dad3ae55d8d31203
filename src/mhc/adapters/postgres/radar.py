"""The LiveFeed and FollowerPositions ports on PostgreSQL: room events read on the pool,
announcements by LISTEN.

Each listener holds a connection of its own, outside the pool (a stream may listen for hours,
which would starve the pool), in autocommit so that notifications arrive as soon as the
worker commits. The `interactions_notify` trigger sends one per inserting statement; the
look-ups announce changed cards on `mhc_cards`, naming the people.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, aclosing, asynccontextmanager
from datetime import datetime
from typing import Any

import anyio
import msgspec
import psycopg
from psycopg import AsyncConnection, sql
from psycopg_pool import PoolTimeout

from mhc.adapters.postgres.lookups import CARDS_CHANNEL
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.lookups import PRESENCE_TYPES
from mhc.domain.models import InteractionType
from mhc.domain.radar import (
    CARD_NOTES,
    RADAR_TYPES,
    CardFacts,
    RoomEvent,
    presence_window_start,
)
from mhc.ports.radar import LiveFeedUnavailable, RoomState, ViewerCounts

CHANNEL = "mhc_interactions"
# How long opening a listening connection or borrowing a pooled one may take before the
# database counts as unreachable (the stream then retries).
CONNECT_TIMEOUT_SECONDS = 5
_TYPES = [str(t) for t in RADAR_TYPES]
_PRESENCE_MOVES = sorted(str(t) for t in (*PRESENCE_TYPES, InteractionType.USER_LEAVE))
_CARD_FACTS = msgspec.json.Decoder(CardFacts)


def _unavailable(exc: Exception) -> LiveFeedUnavailable:
    if isinstance(exc, PoolTimeout):
        return LiveFeedUnavailable("the database did not hand out a connection in time")
    return LiveFeedUnavailable(f"the database is unreachable ({type(exc).__name__})")


# Lost connections, shut-down servers and exhausted pools: the stream waits and retries.
_RETRYABLE = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)


class PostgresListener:
    """Waits for notifications on a dedicated connection that LISTENs to the channels."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn
        self._cards: set[int] = set()

    async def wait(self, seconds: float) -> bool:
        try:
            # stop_after=1: wake on the first one; later ones wait in psycopg's backlog and
            # end the next wait at once (the reader finds what they announced, or nothing).
            async with aclosing(self._conn.notifies(timeout=seconds, stop_after=1)) as notes:
                async for note in notes:
                    if note.channel == CARDS_CHANNEL:
                        self._cards.update(
                            int(part) for part in note.payload.split(",") if part.isdigit()
                        )
                    return True
        except _RETRYABLE as exc:
            raise _unavailable(exc) from None
        return False

    def changed_cards(self) -> set[int]:
        changed, self._cards = self._cards, set()
        return changed


@asynccontextmanager
async def listening(database_url: str, channels: Sequence[str]) -> AsyncIterator[PostgresListener]:
    """A connection of its own that LISTENs to `channels` for the duration of the block."""
    try:
        conn = await AsyncConnection.connect(
            database_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
        )
    except _RETRYABLE as exc:
        raise _unavailable(exc) from None
    try:
        try:
            for channel in channels:
                await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except _RETRYABLE as exc:
            raise _unavailable(exc) from None
        yield PostgresListener(conn)
    finally:
        # Closing does not wait on the server, so it also runs when the browser has gone
        # and the stream is being cancelled.
        with anyio.CancelScope(shield=True):
            await conn.close()


class PostgresLiveFeed:
    """Reads on `pool`; each `listen()` opens its own connection to `database_url`."""

    def __init__(self, pool: ConnectionPool, database_url: str) -> None:
        self._pool = pool
        self._database_url = database_url
        self._sql = load_queries("radar")

    def listen(self) -> AbstractAsyncContextManager[PostgresListener]:
        return listening(self._database_url, (CHANNEL, CARDS_CHANNEL))

    async def newest_id(self) -> int | None:
        rows = await self._rows("newest_id", {})
        return int(rows[0][0]) if rows else None

    async def newest(self, *, after: int, limit: int) -> list[RoomEvent]:
        params = {"after": after, "limit": limit, "types": _TYPES}
        return [_event(row) for row in await self._rows("newest", params)]

    async def following(self, *, after: int, limit: int) -> list[RoomEvent]:
        params = {"after": after, "limit": limit, "types": _TYPES}
        return [_event(row) for row in await self._rows("following", params)]

    async def room_state(self, broadcaster: str, *, now: datetime, recent: int) -> RoomState:
        try:
            async with (
                self._pool.connection(timeout=CONNECT_TIMEOUT_SECONDS) as conn,
                conn.transaction(),
            ):
                await conn.execute(self._sql["room_snapshot"])
                live = await self._fetch(conn, "live_session", {"broadcaster": broadcaster})
                newest_id = await self._fetch(conn, "newest_id", {})
                reset_rows = await self._fetch(conn, "presence_reset", {})
                reset = _event(reset_rows[0]) if reset_rows else None
                since = presence_window_start(None if reset is None else reset.occurred_at, now)
                moves = await self._fetch(
                    conn,
                    "presence_events",
                    {
                        "since": since,
                        "reset_id": 0 if reset is None else reset.id,
                        "types": _PRESENCE_MOVES,
                        "owner": broadcaster,
                    },
                )
                latest = await self._fetch(
                    conn, "newest", {"after": 0, "limit": recent, "types": _TYPES}
                )
                counts = await self._fetch(conn, "viewer_counts", {"broadcaster": broadcaster})
        except _RETRYABLE as exc:
            raise _unavailable(exc) from None
        return RoomState(
            live_session_id=live[0][0] if live else None,
            reset=reset,
            presence_events=[_event(row) for row in moves],
            recent=[_event(row) for row in latest],
            newest_id=newest_id[0][0] if newest_id else None,
            counts=_counts(counts[0]) if counts else None,
        )

    async def card_facts(self, person_ids: Collection[int]) -> dict[int, CardFacts]:
        rows = await self._rows(
            "card_facts", {"person_ids": sorted(person_ids), "notes": CARD_NOTES}
        )
        facts = [_CARD_FACTS.decode(row[0]) for row in rows]
        return {fact.person_id: fact for fact in facts}

    async def _rows(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        try:
            async with self._pool.connection(timeout=CONNECT_TIMEOUT_SECONDS) as conn:
                return await self._fetch(conn, name, params)
        except _RETRYABLE as exc:
            raise _unavailable(exc) from None

    async def _fetch(
        self, conn: AsyncConnection[Any], name: str, params: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        cur = await conn.execute(self._sql[name], params)
        return await cur.fetchall()


def _counts(row: tuple[Any, ...]) -> ViewerCounts:
    metrics, captured_at = row

    def number(key: str) -> int | None:
        value = metrics.get(key) if isinstance(metrics, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return ViewerCounts(
        viewers=number("num_viewers"),
        registered=number("num_registered_viewers"),
        tokened=number("num_tokened_viewers"),
        captured_at=captured_at,
    )


def _event(row: tuple[Any, ...]) -> RoomEvent:
    event_id, kind, occurred_at, person_id, username, content, tokens, session_id = row
    return RoomEvent(
        id=event_id,
        type=InteractionType(kind),
        occurred_at=occurred_at,
        person_id=person_id,
        username=username,
        content=content,
        tokens=tokens,
        session_id=session_id,
    )
