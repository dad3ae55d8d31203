"""The radar's use cases against an in-memory LiveFeed: catch-up, live events, heartbeats,
reconnecting after the database went away, and the room view."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from mhc.domain.models import InteractionType, Watchlist
from mhc.domain.radar import CardFacts, Highlight, RadarEvent, RoomEvent
from mhc.ports.radar import LiveFeedUnavailable, RoomState
from mhc.services.radar import CATCH_UP_LIMIT, CardUpdate, Heartbeat, RadarService

T0 = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
ENTER, LEAVE, TIP, CHAT = (
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
    InteractionType.TIP,
    InteractionType.CHAT_MESSAGE,
)
NAMES = {1: "big_tipper_77", 2: "night_owl_3", 3: "shy_viewer_8", 9: "hudson_cage"}


def event(event_id: int, kind: InteractionType, person_id: int) -> RoomEvent:
    return RoomEvent(
        id=event_id,
        type=kind,
        occurred_at=T0 + timedelta(seconds=event_id),
        person_id=person_id,
        username=NAMES[person_id],
        content="hello" if kind is CHAT else None,
        tokens=100 if kind is TIP else None,
        session_id=7,
    )


def facts(person_id: int, *, statbate: int | None = None, lists: int = 0) -> CardFacts:
    return CardFacts(
        person_id=person_id,
        username=NAMES[person_id],
        room_tips_total=300,
        room_tip_count=3,
        last_tip_at=T0,
        last_tip_tokens=100,
        visits=12,
        statbate_all_time_tokens=statbate,
        statbate_last_tip_date=None,
        statbate_captured_at=None,
        watchlists=tuple(
            Watchlist(id=n, name="Friends", is_system=True, created_at=T0) for n in range(lists)
        ),
    )


class FixedClock:
    def now(self) -> datetime:
        return T0 + timedelta(hours=1)


class ScriptedListener:
    def __init__(self, feed: MemoryFeed) -> None:
        self._feed = feed

    async def wait(self, seconds: float) -> bool:
        """Plays the feed's script: store events and announce them, announce changed cards,
        stay silent, or drop."""
        self._feed.waits.append(seconds)
        if not self._feed.script:
            return False
        step = self._feed.script.pop(0)
        if step == "silence":
            return False
        if step == "drop":
            raise LiveFeedUnavailable("the database is unreachable (OperationalError)")
        if isinstance(step, set):
            self._feed.changed |= step
            return True
        assert isinstance(step, list)
        self._feed.events.extend(step)
        return True

    def changed_cards(self) -> set[int]:
        changed, self._feed.changed = self._feed.changed, set()
        return changed


class MemoryFeed:
    """The LiveFeed port over a list; `refusals` listens that fail before one succeeds."""

    def __init__(self, events: list[RoomEvent], cards: dict[int, CardFacts]) -> None:
        self.events = events
        self.cards = cards
        self.script: list[str | list[RoomEvent] | set[int]] = []
        self.changed: set[int] = set()
        self.refusals = 0
        self.listens = 0
        self.waits: list[float] = []
        self.card_requests: list[set[int]] = []

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[ScriptedListener]:
        if self.refusals:
            self.refusals -= 1
            raise LiveFeedUnavailable("the database is unreachable (OperationalError)")
        self.listens += 1
        yield ScriptedListener(self)

    async def newest_id(self) -> int | None:
        return max((e.id for e in self.events), default=None)

    async def newest(self, *, after: int, limit: int) -> list[RoomEvent]:
        return [e for e in self.events if e.id > after][-limit:]

    async def following(self, *, after: int, limit: int) -> list[RoomEvent]:
        return [e for e in self.events if e.id > after][:limit]

    async def room_state(self, broadcaster: str, *, now: datetime, recent: int) -> RoomState:
        moves = [e for e in self.events if e.type in (ENTER, LEAVE)]
        return RoomState(
            live_session_id=7,
            reset=event(1, InteractionType.BROADCAST_START, 9),
            presence_events=moves,
            recent=self.events[-recent:],
            newest_id=await self.newest_id(),
        )

    async def card_facts(self, person_ids: Collection[int]) -> dict[int, CardFacts]:
        self.card_requests.append(set(person_ids))
        return {pid: self.cards[pid] for pid in person_ids if pid in self.cards}


class SleepLog:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def service(feed: MemoryFeed, sleep: SleepLog | None = None) -> RadarService:
    return RadarService(
        feed,
        FixedClock(),
        broadcaster="Hudson_Cage",
        heartbeat_seconds=15.0,
        reconnect_delays=(0.5, 2.0),
        sleep=sleep or SleepLog(),
    )


async def take(radar: RadarService, after: int | None, count: int) -> list[RadarEvent | Heartbeat]:
    items: list[RadarEvent | Heartbeat] = []
    stream = radar.stream(after)
    async for item in stream:
        items.append(item)
        if len(items) == count:
            break
    await stream.aclose()
    return items


CARDS = {1: facts(1, statbate=25_000), 2: facts(2, lists=1), 3: facts(3)}


async def test_stream_catches_up_after_the_given_id_when_reconnecting() -> None:
    feed = MemoryFeed([event(i, CHAT, 3) for i in range(1, 6)], CARDS)

    items = await take(service(feed), after=3, count=3)

    assert [getattr(i, "id", None) for i in items] == [4, 5, None]
    assert isinstance(items[2], Heartbeat)
    assert feed.waits == [15.0]


async def test_stream_catches_up_on_the_newest_only_when_too_much_was_missed() -> None:
    feed = MemoryFeed([event(i, CHAT, 3) for i in range(1, CATCH_UP_LIMIT + 11)], CARDS)

    items = await take(service(feed), after=0, count=1)

    assert isinstance(items[0], RadarEvent)
    assert items[0].id == 11


async def test_stream_sends_only_new_events_when_opened_without_an_id() -> None:
    feed = MemoryFeed([event(1, ENTER, 1), event(2, CHAT, 1)], CARDS)
    feed.script = ["silence", [event(3, ENTER, 2), event(4, TIP, 2)]]

    items = await take(service(feed), after=None, count=3)

    assert isinstance(items[0], Heartbeat)
    assert [getattr(i, "id", None) for i in items[1:]] == [3, 4]


async def test_stream_starts_from_now_when_the_last_id_is_beyond_anything_stored() -> None:
    feed = MemoryFeed([event(1, CHAT, 3), event(2, CHAT, 3)], CARDS)
    feed.script = [[event(3, ENTER, 2)]]

    items = await take(service(feed), after=90_000, count=1)

    assert [getattr(i, "id", None) for i in items] == [3]


async def test_enter_and_first_tip_carry_cards_when_streamed() -> None:
    feed = MemoryFeed([], CARDS)
    feed.script = [[event(1, TIP, 1), event(2, TIP, 1), event(3, ENTER, 1), event(4, ENTER, 2)]]

    items = await take(service(feed), after=0, count=4)

    cards = [i.card for i in items if isinstance(i, RadarEvent)]
    assert [c.username if c else None for c in cards] == [
        "big_tipper_77",
        None,
        "big_tipper_77",
        "night_owl_3",
    ]
    assert cards[0] is not None
    assert cards[0].highlight is Highlight.BIG_SPENDER
    assert cards[3] is not None
    assert cards[3].highlight is Highlight.WATCHLIST


async def test_a_changed_card_is_streamed_again_when_a_look_up_lands() -> None:
    feed = MemoryFeed([], CARDS)
    feed.script = [[event(1, ENTER, 1)], {1, 4}]

    items = await take(service(feed), after=0, count=2)

    assert isinstance(items[0], RadarEvent)
    update = items[1]
    assert isinstance(update, CardUpdate)
    # Person 4 has no card to read (excluded meanwhile): nothing is sent for them.
    assert (update.person_id, update.card.username) == (1, "big_tipper_77")
    assert feed.card_requests[-1] == {1, 4}


async def test_stream_resumes_after_the_last_sent_event_when_the_database_drops() -> None:
    feed = MemoryFeed([event(1, CHAT, 3)], CARDS)
    # The connection drops; meanwhile the worker stores two events; the database refuses one
    # reconnection, then answers.
    feed.script = ["drop"]
    sleep = SleepLog()
    radar = service(feed, sleep)
    stream = radar.stream(0)

    first = await anext(stream)
    assert isinstance(first, RadarEvent)
    assert first.id == 1
    dropped = await anext(stream)
    assert dropped == Heartbeat(note="reconnecting")
    feed.events += [event(2, ENTER, 1), event(3, LEAVE, 1)]
    feed.refusals = 1
    refused = await anext(stream)
    assert refused == Heartbeat(note="reconnecting")
    resumed = [await anext(stream), await anext(stream)]
    await stream.aclose()

    assert [getattr(i, "id", None) for i in resumed] == [2, 3]
    assert sleep.delays == [0.5, 2.0]
    assert feed.listens == 2


async def test_room_lists_who_is_present_with_cards_when_a_broadcast_is_live() -> None:
    feed = MemoryFeed(
        [
            event(2, ENTER, 1),
            event(3, ENTER, 2),
            event(4, CHAT, 2),
            event(5, LEAVE, 1),
            event(6, ENTER, 3),
            event(7, TIP, 2),
        ],
        CARDS,
    )

    room = await service(feed).room()

    assert room.live
    assert room.session_id == 7
    assert room.since == T0 + timedelta(seconds=1)
    assert [(p.username, p.entered_at) for p in room.present] == [
        ("shy_viewer_8", T0 + timedelta(seconds=6)),
        ("night_owl_3", T0 + timedelta(seconds=3)),
    ]
    assert [e.id for e in room.recent] == [2, 3, 4, 5, 6, 7]
    assert [e.card is not None for e in room.recent] == [True, True, False, False, True, False]
    assert room.last_event_id == 7
    assert feed.card_requests == [{1, 2, 3}]
