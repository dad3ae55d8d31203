"""Use cases of the live room radar: the room as it is now, and the stream of what happens next."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from datetime import datetime

import msgspec

from mhc.domain.radar import (
    CardFacts,
    EntryCard,
    RadarEvent,
    RoomEvent,
    build_card,
    cards_wanted,
    present_people,
    with_cards,
)
from mhc.domain.usernames import normalize_username
from mhc.ports.clock import Clock
from mhc.ports.radar import Listener, LiveFeed, LiveFeedUnavailable, ViewerCounts

log = logging.getLogger(__name__)

# A comment goes out after this much silence, so proxies keep the connection and a closed
# browser is noticed.
HEARTBEAT_SECONDS = 15.0
# A reconnecting browser gets at most this many missed events (the newest of them).
CATCH_UP_LIMIT = 500
# Live events are read in pages of this size, so a burst cannot build one huge answer.
PAGE_SIZE = 200
RECENT_EVENTS = 50
# Waits between attempts to reach the database again; the last one repeats.
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 15.0)

Sleep = Callable[[float], Awaitable[None]]


class Heartbeat(msgspec.Struct, frozen=True, kw_only=True):
    """Nothing happened for a while (or the database is being reached again): `note` says which."""

    note: str = "heartbeat"


class CardUpdate(msgspec.Struct, frozen=True, kw_only=True):
    """Someone's card changed without a room event (their look-up landed): the new card."""

    person_id: int
    card: EntryCard


class PresentCard(EntryCard, frozen=True, kw_only=True):
    entered_at: datetime


class RoomView(msgspec.Struct, frozen=True, kw_only=True):
    """The room now. `since` is the broadcast start or stop presence counts from (None: none
    was stored); `last_event_id` is where a stream opened next should continue after;
    `counts` is the room's size as the Stats API last reported it."""

    live: bool
    session_id: int | None
    since: datetime | None
    present: list[PresentCard]
    recent: list[RadarEvent]
    last_event_id: int | None
    counts: ViewerCounts | None = None


# Every open radar builds the cards of the same arrivals from the same facts (streams asking at
# once share one read of them), and every look at the room the cards of everyone in it: each
# card is built once for all of them. A busy room fits, a raid included (a cache smaller than
# the room would miss every card, as each look asks for them in the same order); a card's
# facts are its key, so a changed card is built again.
CARDS_BUILT = 4_096
_built_card = functools.lru_cache(maxsize=CARDS_BUILT)(build_card)


@functools.lru_cache(maxsize=CARDS_BUILT)
def _present_card(card: EntryCard, entered_at: datetime) -> PresentCard:
    """`card` with its arrival: the same for every look at the room while the person stays."""
    return PresentCard(**msgspec.structs.asdict(card), entered_at=entered_at)


class RadarService:
    """The owner's room, live. Excluded persons never appear (the feed leaves them out)."""

    def __init__(
        self,
        feed: LiveFeed,
        clock: Clock,
        *,
        broadcaster: str,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        reconnect_delays: Sequence[float] = RECONNECT_DELAYS,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._feed = feed
        self._clock = clock
        self._broadcaster = normalize_username(broadcaster)
        self._heartbeat_seconds = heartbeat_seconds
        self._reconnect_delays = tuple(reconnect_delays) or (1.0,)
        self._sleep = sleep

    async def room(self) -> RoomView:
        """Who is in the room (with their cards), the newest events, and where to stream from."""
        state = await self._feed.room_state(
            self._broadcaster, now=self._clock.now(), recent=RECENT_EVENTS
        )
        resets = [state.reset] if state.reset is not None else []
        presence = present_people([*resets, *state.presence_events])
        carded: set[int] = set()
        owner = self._broadcaster
        wanted = {p.person_id for p in presence} | cards_wanted(state.recent, carded, owner)
        cards = await self._cards(wanted)
        present = [
            _present_card(cards[p.person_id], p.entered_at)
            for p in presence
            if p.person_id in cards
        ]
        return RoomView(
            live=state.live_session_id is not None,
            session_id=state.live_session_id,
            since=None if state.reset is None else state.reset.occurred_at,
            present=present,
            recent=with_cards(state.recent, cards, carded, owner),
            last_event_id=state.newest_id,
            counts=state.counts,
        )

    async def stream(
        self, after: int | None
    ) -> AsyncGenerator[RadarEvent | CardUpdate | Heartbeat, None]:
        """What `pages` yields, one item at a time."""
        async with aclosing(self.pages(after)) as pages:
            async for page in pages:
                for item in page:
                    yield item

    async def pages(
        self, after: int | None
    ) -> AsyncGenerator[list[RadarEvent] | list[CardUpdate] | list[Heartbeat], None]:
        """Room events, in the pages they are read in (a busy stream sends a page at once,
        not an event at a time): those with an id above `after` (the newest CATCH_UP_LIMIT of
        those already stored), then each new one as it is stored; without `after`, only new
        ones.

        Never ends by itself: when the database goes away it waits, reconnects and catches up
        from the last event it sent, so a restart of the worker or of the database loses
        nothing. Heartbeats fill the silences. Each person's first event with a card due
        carries it (every enter does), and a card that changes later (a look-up landed) comes
        again as a CardUpdate.
        """
        carded: set[int] = set()
        last = after
        failures = 0
        while True:
            try:
                # Listening starts before the first read, so nothing stored in between is lost.
                async with self._feed.listen() as listener:
                    newest = await self._feed.newest_id() or 0
                    events: list[RoomEvent] = []
                    if last is None or last > newest:
                        # A new stream, or an id from before the database was recreated: only
                        # what comes next (waiting for ids to pass it would show nothing).
                        last = newest
                    else:
                        events = await self._feed.newest(after=last, limit=CATCH_UP_LIMIT)
                    failures = 0
                    while True:
                        while events:
                            shown = await self._shown(events, carded)
                            if shown:
                                yield shown
                            last = events[-1].id
                            events = await self._feed.following(after=last, limit=PAGE_SIZE)
                        if await listener.wait(self._heartbeat_seconds):
                            updates = await self._card_updates(listener)
                            if updates:
                                yield updates
                            events = await self._feed.following(after=last, limit=PAGE_SIZE)
                        else:
                            yield [Heartbeat()]
            except LiveFeedUnavailable as exc:
                delay = self._reconnect_delays[min(failures, len(self._reconnect_delays) - 1)]
                failures += 1
                log.warning("radar stream lost the database (%s); retrying in %.1f s", exc, delay)
                yield [Heartbeat(note="reconnecting")]
                await self._sleep(delay)

    async def person_facts(self, person_id: int) -> CardFacts | None:
        """What the radar knows about one person (None when unknown or excluded)."""
        return (await self._feed.card_facts({person_id})).get(person_id)

    async def _shown(self, events: list[RoomEvent], carded: set[int]) -> list[RadarEvent]:
        owner = self._broadcaster
        cards = await self._cards(cards_wanted(events, carded, owner))
        return with_cards(events, cards, carded, owner)

    async def _card_updates(self, listener: Listener) -> list[CardUpdate]:
        changed = listener.changed_cards()
        cards = await self._cards(changed)
        return [
            CardUpdate(person_id=pid, card=cards[pid]) for pid in sorted(changed) if pid in cards
        ]

    async def _cards(self, person_ids: set[int]) -> dict[int, EntryCard]:
        if not person_ids:
            return {}
        facts = await self._feed.card_facts(person_ids)
        return {person_id: _built_card(fact) for person_id, fact in facts.items()}
