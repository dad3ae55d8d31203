"""The port the live room radar reads through: room events as they are stored, a wake-up when
new ones are, who is in the room, and what we know about a person for their entry card.

Room events are the Events API's interactions (see domain.radar.RADAR_TYPES) of persons who
are not excluded; ids grow in the order the worker commits them, so "everything after the id
I saw last" is how a reader never misses one.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Protocol

import msgspec

from mhc.domain.errors import MhcError
from mhc.domain.radar import CardFacts, RoomEvent


class LiveFeedUnavailable(MhcError):
    """The database could not be reached or dropped the connection; try again later."""


class ViewerCounts(msgspec.Struct, frozen=True, kw_only=True):
    """The room's size as the owner's latest Chaturbate Stats API snapshot reports it."""

    viewers: int | None
    registered: int | None
    tokened: int | None
    captured_at: datetime


class RoomState(msgspec.Struct, frozen=True, kw_only=True):
    """The room as one consistent read sees it.

    `reset` is the newest broadcast start or stop. `presence_events` are, for each person in
    the room, the first event that put them there since they last left (after the reset and
    inside the presence window; never the owner's), oldest first: enough for
    domain.radar.present_people. `recent` are the newest room events, oldest first.
    `newest_id` is the id a stream may continue after without missing or repeating anything.
    `counts` is the latest Stats API snapshot of the room's size, when there is one.
    """

    live_session_id: int | None
    reset: RoomEvent | None
    presence_events: list[RoomEvent]
    recent: list[RoomEvent]
    newest_id: int | None
    counts: ViewerCounts | None = None


class Listener(Protocol):
    async def wait(self, seconds: float) -> bool:
        """True as soon as new interactions (or changed cards) are announced, False after
        `seconds` of silence. LiveFeedUnavailable when the connection dropped."""
        ...

    def changed_cards(self) -> set[int]:
        """The people whose cards were announced as changed since the last call (a look-up
        landed), cleared by the call."""
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


class FollowerPositions(Protocol):
    """Where each of the worker's followers of the room events stands (by interaction id)."""

    async def position(self, name: str, *, start_before: timedelta) -> int:
        """The follower's stored position; for a new follower, the newest room event older
        than `start_before` (so it starts with the recent past, not all of history)."""
        ...

    async def save(self, name: str, last_interaction_id: int) -> None: ...
