"""The port the live room radar reads through: room events as they are stored, a wake-up when
new ones are, who is in the room, and what we know about a person for their entry card.

Room events are the Events API's interactions (see domain.radar.RADAR_TYPES) of persons who
are not excluded; ids grow in the order the worker commits them, so "everything after the id
I saw last" is how a reader never misses one.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

import msgspec

from mhc.domain.errors import MhcError
from mhc.domain.radar import CardFacts, RoomEvent


class LiveFeedUnavailable(MhcError):
    """The database could not be reached or dropped the connection; try again later."""


class RoomState(msgspec.Struct, frozen=True, kw_only=True):
    """The room as one consistent read sees it.

    `reset` is the newest broadcast start or stop. `presence_events` are, for each person, their
    newest enter or leave after the reset (and inside the presence window), oldest first: enough
    for domain.radar.present_people. `recent` are the newest room events, oldest first.
    `newest_id` is the id a stream may continue after without missing or repeating anything.
    """

    live_session_id: int | None
    reset: RoomEvent | None
    presence_events: list[RoomEvent]
    recent: list[RoomEvent]
    newest_id: int | None


class Listener(Protocol):
    async def wait(self, seconds: float) -> bool:
        """True as soon as new interactions are announced, False after `seconds` of
        silence. LiveFeedUnavailable when the connection dropped."""
        ...


class LiveFeed(Protocol):
    def listen(self) -> AbstractAsyncContextManager[Listener]:
        """Start listening for announcements; reads made inside the block after it opened miss
        nothing announced later. LiveFeedUnavailable when the database cannot be reached."""
        ...

    async def newest_id(self) -> int | None:
        """The id a new stream starts after (None when no room event was ever stored)."""
        ...

    async def newest(self, *, after: int, limit: int) -> list[RoomEvent]:
        """The newest `limit` room events with an id above `after`, oldest first."""
        ...

    async def following(self, *, after: int, limit: int) -> list[RoomEvent]:
        """The first `limit` room events with an id above `after`, oldest first."""
        ...

    async def room_state(self, broadcaster: str, *, now: datetime, recent: int) -> RoomState:
        """Sessions, presence and the `recent` newest events in one consistent read."""
        ...

    async def card_facts(self, person_ids: Collection[int]) -> dict[int, CardFacts]:
        """What is known about each person, by id; excluded or unknown persons are left out."""
        ...
