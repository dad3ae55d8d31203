"""The live room radar: the room now, and a server-sent event stream of what happens next.

The stream is a GET that EventSource opens with the session cookie (same origin), so it needs
no CSRF token; a card that changes later (a look-up landed) comes as a `card` message;
browsers reconnect on their own and send `Last-Event-ID`, from which the stream
catches up. When the process is asked to stop, open streams end at once (a browser reconnects
to the next process), so a shutdown does not wait on them. A stream also ends when its session
does (a logout, "log out everywhere", expiry: the reconnection then meets a 401), and only
`MAX_OPEN_STREAMS` may be open at once.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.openapi import ResponseSpec
from litestar.params import QueryParameter
from litestar.response import Stream

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.controllers.params import Injected, PersonId, exact_bounds
from mhc.adapters.http.presenters import present
from mhc.adapters.http.principals import Principal
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import MAX_ID
from mhc.adapters.http.schemas.radar import (
    CardUpdateOut,
    LookupStatusOut,
    PersonFlagsOut,
    PresentPersonOut,
    RadarEventOut,
    RoomOut,
    ViewerCountsOut,
    ViewerFlagsOut,
)
from mhc.adapters.http.streams import (
    StreamSlots,
    guarded,
    last_event_id_header,
    owner_stream_guard,
)
from mhc.domain.radar import RadarEvent
from mhc.services.people import PeopleService
from mhc.services.radar import CardUpdate, Heartbeat, PresentCard, RadarService

EVENT_NAME = "interaction"
CARD_EVENT_NAME = "card"
# How long a browser waits before reconnecting after the stream dropped.
RETRY_MILLISECONDS = 2_000
_ENCODER = msgspec.json.Encoder()
# How many frames are kept for the streams that send them after the first (`_shared_*_frame`):
# a page of events reaches every open radar within moments, so a few pages' worth; an arrival's
# frame, or a changed card's, carries a card (about 1.2 kB), so fewer of those, as many as a
# raid brings at once (its arrivals, then their look-ups landing).
SHARED_FRAMES = 4_096
SHARED_CARD_FRAMES = 1_024
# Every look at the room presents everyone in it; a person's card with their arrival is
# presented once while it stays the same (as many as the service keeps built).
PRESENTED_PEOPLE = 4_096
# What litestar's ServerSentEvent sends: no caching, no proxy buffering.
_STREAM_HEADERS = {
    "Cache-Control": "no-cache",
    "Connection": "keep-alive",
    "X-Accel-Buffering": "no",
}

_STREAM_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: ResponseSpec(
        data_container=RadarEventOut | CardUpdateOut,
        media_type="text/event-stream",
        description=(
            "Server-sent events: `id: <interaction id>`, `event: interaction`, "
            "`data: <RadarEvent JSON>`; `event: card`, `data: <CardUpdate JSON>` when a card "
            "changes without a room event; a comment line every 15 s of silence."
        ),
        generate_examples=False,
    ),
}


class RadarController(Controller):
    path = "/radar"
    tags = ["radar"]

    @get("/room", operation_id="getRadarRoom", responses=PROBLEM_RESPONSES)
    async def room(self, radar: Injected[RadarService]) -> RoomOut:
        """Who is in the room with their cards (since the last broadcast start or stop), the
        last 50 room events, and the id to stream after."""
        view = await radar.room()
        return RoomOut(
            live=view.live,
            session_id=view.session_id,
            since=view.since,
            present=[_presented_person(card) for card in view.present],
            recent=[present(event, RadarEventOut) for event in view.recent],
            last_event_id=view.last_event_id,
            counts=None if view.counts is None else present(view.counts, ViewerCountsOut),
        )

    @get("/stream", operation_id="streamRadar", responses=_STREAM_RESPONSES)
    async def stream(
        self,
        request: Request[Principal, Principal, Any],
        radar: Injected[RadarService],
        shutting_down: Injected[asyncio.Event],
        owner_auth: Injected[OwnerAuth],
        radar_streams: Injected[StreamSlots],
        last_event_id: Annotated[
            int | None,
            last_event_id_header("sent by a reconnecting EventSource: catch up after this id"),
        ] = None,
        after: Annotated[
            int | None,
            QueryParameter(
                ge=0,
                le=MAX_ID,
                schema_extra=exact_bounds(0, MAX_ID),
                required=False,
                description="catch up after this id on a first connection (up to 500 events)",
            ),
        ] = None,
    ) -> Stream:
        """Room events as the worker stores them (excluded persons never appear); 429 while
        the most streams are open. Ends when the session does."""
        radar_streams.check()
        start = last_event_id if last_event_id is not None else after
        guard = owner_stream_guard(owner_auth, request.user, shutting_down)
        return Stream(
            _chunks(guarded(radar.pages(start), guard, radar_streams)),
            media_type="text/event-stream",
            headers=_STREAM_HEADERS,
        )


class PersonFlagsController(Controller):
    path = "/person/{person_id:int}/chaturbate"
    tags = ["radar"]

    @get(operation_id="getPersonChaturbateFlags", responses=PROBLEM_RESPONSES)
    async def flags(
        self, person_id: PersonId, radar: Injected[RadarService], people: Injected[PeopleService]
    ) -> PersonFlagsOut:
        """The latest Events API user object's flags (fan club, moderator, tokens, recent
        tips, gender) with when they were seen, and the automatic look-up's state."""
        facts = await radar.person_facts(person_id)
        if facts is None:
            # Unknown (404) or excluded (nothing to show): asked only then, not on every call.
            await people.find_by_id(person_id)
            return PersonFlagsOut(flags=None, lookup=None)
        return PersonFlagsOut(
            flags=None if facts.flags is None else present(facts.flags, ViewerFlagsOut),
            lookup=None if facts.lookup is None else present(facts.lookup, LookupStatusOut),
        )


Item = RadarEvent | CardUpdate | Heartbeat


async def _chunks(pages: AsyncIterator[Sequence[Item]]) -> AsyncIterator[bytes]:
    """The event stream's bytes: one write per page the stream reads, not one per event (fifty
    open radars in a busy room are ten thousand events a second)."""
    # The server sends the response's head with its first bytes: the reconnection delay and a
    # comment at once tell the browser the stream is open, even when the room is quiet.
    yield f"retry: {RETRY_MILLISECONDS}\r\n: open\r\n\r\n".encode()
    async for page in pages:
        yield b"".join(_frame(item) for item in page)


def _frame(item: Item) -> bytes:
    """One server-sent event (JSON holds no line breaks, so `data` is one line)."""
    if isinstance(item, Heartbeat):
        return f": {item.note}\r\n\r\n".encode()
    if isinstance(item, CardUpdate):
        return _shared_card_frame(item)
    if item.card is None:
        return _shared_event_frame(item)
    return _shared_arrival_frame(item)


def _event_frame(item: RadarEvent) -> bytes:
    data = _ENCODER.encode(present(item, RadarEventOut))
    head = f"id: {item.id}\r\nevent: {EVENT_NAME}\r\ndata: ".encode()
    return head + data + b"\r\n\r\n"


def _card_frame(item: CardUpdate) -> bytes:
    data = _ENCODER.encode(present(item, CardUpdateOut))
    return b"event: " + CARD_EVENT_NAME.encode() + b"\r\ndata: " + data + b"\r\n\r\n"


@functools.lru_cache(maxsize=PRESENTED_PEOPLE)
def _presented_person(card: PresentCard) -> PresentPersonOut:
    return present(card, PresentPersonOut)


# Every open stream that sends an event or a changed card sends the same frame, so each is
# encoded once: equal items are one cache entry (a stored room event never changes; a changed
# card is another).
_shared_event_frame = functools.lru_cache(maxsize=SHARED_FRAMES)(_event_frame)
_shared_arrival_frame = functools.lru_cache(maxsize=SHARED_CARD_FRAMES)(_event_frame)
_shared_card_frame = functools.lru_cache(maxsize=SHARED_CARD_FRAMES)(_card_frame)
