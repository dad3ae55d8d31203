"""The LiveFeed and FollowerPositions ports on PostgreSQL: room events read on the pool,
announcements by LISTEN.

One connection per process listens, however many streams are open (see listener.py). The
`interactions_notify` trigger sends one notification per inserting statement; the look-ups
announce changed cards on `mhc_cards`, naming the people (each subscriber collects the names).

Cards are kept: a room of a thousand people would otherwise read a thousand people's facts
(a dozen index probes each) on every look at the room. Each kept card carries its person's
fingerprint (see card_fingerprints.sql); a read of many kept cards asks for the fingerprints
first and reads again only the people whose fingerprint moved or who are not kept yet. Who is
in the room is kept too, as a fold of the show's moves (kept_presence.py), with the events that
brought each of them in: a look reads only the moves and the arrivals since, not the whole show's.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import (
    Awaitable,
    Callable,
    Collection,
    Hashable,
    Mapping,
)
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, TypeVar

import anyio
import msgspec
from psycopg import AsyncConnection

from mhc.adapters.postgres.kept_presence import KeptPresence
from mhc.adapters.postgres.listener import (
    CONNECT_TIMEOUT_SECONDS,
    RETRYABLE,
    SharedListener,
    Subscription,
    unavailable,
)
from mhc.adapters.postgres.lookups import CARDS_CHANNEL
from mhc.adapters.postgres.pool import ConnectionPool
from mhc.adapters.postgres.queries import load_queries
from mhc.domain.lookups import PRESENCE_TYPES
from mhc.domain.models import InteractionType
from mhc.domain.radar import (
    CARD_NOTES,
    RADAR_TYPES,
    CardFacts,
    PresenceMove,
    RoomEvent,
    fold_arrivals,
    presence_window_start,
)
from mhc.ports.radar import RoomState, ViewerCounts

CHANNEL = "mhc_interactions"
_TYPES = [str(t) for t in RADAR_TYPES]
_PRESENCE_MOVES = sorted(str(t) for t in (*PRESENCE_TYPES, InteractionType.USER_LEAVE))
# A dictionary look-up, not the enum's call: a room's read turns a thousand rows into events.
_TYPE_OF = {str(t): t for t in InteractionType}
# The cards a process keeps, by the size of their documents: a few busy rooms' worth (a card
# is under a kilobyte; one with three long notes, up to 30).
KEPT_CARD_BYTES = 4_000_000
# Asking for fingerprints costs a round trip: it is worth it when it may spare reading this
# many kept cards (a look at the room), not for a stream's page, whose people have just acted
# (which moved their fingerprints).
PROBE_KEPT_CARDS = 10
_CARD_FACTS = msgspec.json.Decoder(CardFacts)
# The reads whose best plan is the same for any parameters: a forward or backward walk of the
# interactions' primary key from an id, and probes of the persons' primary key for an array of
# ids. The room's presence is not among them: where its walk starts decides between the
# primary key and the time index.
PLANNED_ONCE = frozenset({"following", "newest", "card_fingerprints", "card_facts"})
T = TypeVar("T")
# A person's interactions and their card version: when neither moved, neither did their card.
Fingerprint = tuple[int | None, int]


class PostgresLiveFeed:
    """Reads on `pool`; `listen()` subscribes to the process's one listening connection.

    Every open stream wakes on the same notification and asks for the same page (and mostly
    the same cards): a read that is already running for the same question, and started after
    the latest notification, answers every stream that asks meanwhile. Fifty open radars then
    cost the database one query per page, not fifty, and none of them misses a row: the shared
    read began after the commit that woke them.
    """

    def __init__(
        self,
        pool: ConnectionPool,
        database_url: str,
        *,
        generic_plans_pool: ConnectionPool | None = None,
    ) -> None:
        self._pool = pool
        # The reads in PLANNED_ONCE, on connections that plan them once (see build_pool):
        # they run at every notification and for every page of cards, and planning them
        # again each time cost more than running them.
        self._generic_plans_pool = generic_plans_pool or pool
        self._listener = SharedListener(
            database_url, (CHANNEL, CARDS_CHANNEL), ids_channel=CARDS_CHANNEL
        )
        self._sql = load_queries("radar")
        self._running: dict[Hashable, asyncio.Future[Any]] = {}
        self._kept = KeptCards(KEPT_CARD_BYTES)
        self._presence = KeptPresence()
        self._arrival_events: dict[int, RoomEvent] = {}
        self.reads = 0

    @property
    def listening_connections(self) -> int:
        """Connections held for listening (0 or 1, whatever the number of streams)."""
        return self._listener.connections

    def listen(self) -> AbstractAsyncContextManager[Subscription]:
        return self._listener.listen()

    async def newest_id(self) -> int | None:
        rows = await self._rows("newest_id", {})
        return int(rows[0][0]) if rows else None

    async def newest(self, *, after: int, limit: int) -> list[RoomEvent]:
        params = {"after": after, "limit": limit, "types": _TYPES}
        return [_event(row) for row in await self._rows("newest", params)]

    async def following(self, *, after: int, limit: int) -> list[RoomEvent]:
        async def read() -> list[RoomEvent]:
            params = {"after": after, "limit": limit, "types": _TYPES}
            return [_event(row) for row in await self._rows("following", params)]

        return list(await self._shared(("following", after, limit), read))

    async def room_state(self, broadcaster: str, *, now: datetime, recent: int) -> RoomState:
        # Looks at the room at once share one read, at the first one's `now` (they differ by
        # less than the read takes). A look answered by a read begun a moment before it misses
        # nothing: the answer says where its stream continues.
        async def read() -> RoomState:
            return await self._read_room(broadcaster, now=now, recent=recent)

        return await self._shared(("room_state", broadcaster, recent), read)

    async def _read_room(self, broadcaster: str, *, now: datetime, recent: int) -> RoomState:
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
                base = self._presence.base(0 if reset is None else reset.id, since)
                moves: list[PresenceMove] = [
                    (row[0], row[1], row[2])
                    for row in await self._fetch(
                        conn,
                        "presence_moves",
                        {
                            "after": base.after,
                            "since": since,
                            "types": _PRESENCE_MOVES,
                            "owner": broadcaster,
                        },
                    )
                ]
                [(xmin, xmax)] = await self._fetch(conn, "snapshot_bounds", {})
                fold_arrivals(base.arrivals, moves)
                arrivals = await self._arrivals(conn, sorted(base.arrivals.values()))
                excluded = {row[0] for row in await self._fetch(conn, "excluded_persons", {})}
                latest = await self._fetch(
                    conn, "newest", {"after": 0, "limit": recent, "types": _TYPES}
                )
                counts = await self._fetch(conn, "viewer_counts", {"broadcaster": broadcaster})
        except RETRYABLE as exc:
            raise unavailable(exc) from None
        self._presence.keep(base, moves, xmin, xmax)
        return RoomState(
            live_session_id=live[0][0] if live else None,
            reset=reset,
            presence_events=[
                event
                for event in arrivals
                if event.person_id not in excluded and event.username != broadcaster
            ],
            recent=[_event(row) for row in latest],
            newest_id=newest_id[0][0] if newest_id else None,
            counts=_counts(counts[0]) if counts else None,
        )

    async def _arrivals(self, conn: AsyncConnection[Any], ids: list[int]) -> list[RoomEvent]:
        """The events of `ids` (the room's arrivals, in order): those kept from the last look, and
        the others read. An event never changes, and a person stays for many looks, so a look
        reads only the arrivals since the last one (a thousand probes of the interactions and
        the persons otherwise). Only the events of the room as it is now are kept."""
        kept = self._arrival_events
        unread = [event_id for event_id in ids if event_id not in kept]
        if unread:
            rows = await self._fetch(conn, "presence_arrivals", {"ids": _bigint_array(unread)})
            kept = kept | {event.id: event for event in map(_event, rows)}
        # An event erased since it was kept stays until its person leaves; their card is gone.
        self._arrival_events = {event_id: kept[event_id] for event_id in ids if event_id in kept}
        return list(self._arrival_events.values())

    async def card_facts(self, person_ids: Collection[int]) -> dict[int, CardFacts]:
        wanted = sorted(person_ids)
        if sum(person_id in self._kept for person_id in wanted) < PROBE_KEPT_CARDS:
            return await self._read_cards(wanted)

        async def read() -> dict[int, Fingerprint]:
            rows = await self._rows("card_fingerprints", {"person_ids": _bigint_array(wanted)})
            return {row[0]: (row[1], row[2]) for row in rows}

        fingerprints = await self._shared(("card_fingerprints", *wanted), read)
        self._kept.forget(set(wanted) - fingerprints.keys())
        kept: dict[int, CardFacts] = {}
        stale: list[int] = []
        for person_id, fingerprint in fingerprints.items():
            facts = self._kept.get(person_id, fingerprint)
            if facts is None:
                stale.append(person_id)
            else:
                kept[person_id] = facts
        return kept | (await self._read_cards(stale) if stale else {})

    async def _read_cards(self, wanted: list[int]) -> dict[int, CardFacts]:
        async def read() -> list[tuple[CardFacts, Fingerprint, int]]:
            params = {"person_ids": _bigint_array(wanted), "notes": CARD_NOTES}
            rows = await self._rows("card_facts", params)
            return [(_CARD_FACTS.decode(row[0]), (row[1], row[2]), len(row[0])) for row in rows]

        cards = await self._shared(("card_facts", *wanted), read)
        for facts, fingerprint, size in cards:
            self._kept.put(facts.person_id, fingerprint, facts, size)
        return {facts.person_id: facts for facts, _, _ in cards}

    async def _shared(self, question: tuple[Any, ...], read: Callable[[], Awaitable[T]]) -> T:
        """The answer of the read of `question` already running since the latest notification,
        or of a new one. The read runs in a task of its own: a stream that goes away does not
        cancel it for the others."""
        key = (question, self._listener.generation)
        running = self._running.get(key)
        if running is None:
            self.reads += 1
            running = asyncio.ensure_future(read())
            self._running[key] = running
            running.add_done_callback(lambda done: self._forget(key, done))
        result: T = await asyncio.shield(running)
        return result

    def _forget(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        if self._running.get(key) is done:
            del self._running[key]
        if not done.cancelled():
            # Retrieved here too, so a failure nobody waits for any more is not reported as
            # never retrieved; every waiter gets it as well.
            done.exception()

    async def _rows(self, name: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        # A read that began ends (it takes milliseconds, or the pool's timeout) when the browser
        # goes: the server's end of such a stream cancels it again at every await until it ends,
        # which would interrupt the query's cancellation in the server and cost the pooled
        # connection. (A stream's own end, a logout or the server stopping, cancels it once.)
        with anyio.CancelScope(shield=True):
            try:
                pool = self._generic_plans_pool if name in PLANNED_ONCE else self._pool
                async with pool.connection(timeout=CONNECT_TIMEOUT_SECONDS) as conn:
                    rows = await self._fetch(conn, name, params)
            except RETRYABLE as exc:
                raise unavailable(exc) from None
        return rows

    async def _fetch(
        self, conn: AsyncConnection[Any], name: str, params: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        cur = await conn.execute(self._sql[name], params)
        return await cur.fetchall()


class KeptCards:
    """The cards read last, by person, each with the fingerprint it was read at, as many as fit
    in `max_bytes` of their documents (the least recently used go first)."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._bytes = 0
        self._cards: OrderedDict[int, tuple[Fingerprint, CardFacts, int]] = OrderedDict()

    def __contains__(self, person_id: int) -> bool:
        return person_id in self._cards

    def get(self, person_id: int, fingerprint: Fingerprint) -> CardFacts | None:
        """The kept card, when it was read at `fingerprint` (its facts are still true)."""
        kept = self._cards.get(person_id)
        if kept is None or kept[0] != fingerprint:
            return None
        self._cards.move_to_end(person_id)
        return kept[1]

    def put(self, person_id: int, fingerprint: Fingerprint, facts: CardFacts, size: int) -> None:
        """Keep `facts` (its document `size` bytes long), read at `fingerprint`; a card larger
        than the whole room is not kept."""
        self.forget([person_id])
        if size > self._max_bytes:
            return
        self._cards[person_id] = (fingerprint, facts, size)
        self._bytes += size
        while self._bytes > self._max_bytes:
            _, (_, _, dropped) = self._cards.popitem(last=False)
            self._bytes -= dropped

    def forget(self, person_ids: Collection[int]) -> None:
        """Drop the cards of `person_ids` (excluded or gone, or read again)."""
        for person_id in person_ids:
            kept = self._cards.pop(person_id, None)
            if kept is not None:
                self._bytes -= kept[2]


def _bigint_array(ids: list[int]) -> str:
    """`ids` as PostgreSQL's text of a bigint[]: psycopg's dump of a list looks at every element
    (0.6 ms for a room of 1,300 people, against 0.15 ms for this)."""
    return "{" + ",".join(map(str, ids)) + "}"


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
        type=_TYPE_OF[kind],
        occurred_at=occurred_at,
        person_id=person_id,
        username=username,
        content=content,
        tokens=tokens,
        session_id=session_id,
    )
