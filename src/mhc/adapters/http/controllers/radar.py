"""The live room radar: the room now, and a server-sent event stream of what happens next.

The stream is a GET that EventSource opens with the session cookie (same origin), so it needs
no CSRF token; browsers reconnect on their own and send `Last-Event-ID`, from which the stream
catches up. When the process is asked to stop, open streams end at once (a browser reconnects
to the next process), so a shutdown does not wait on them. A stream also ends when its session
does (a logout, "log out everywhere", expiry: the reconnection then meets a 401), and only
`MAX_OPEN_STREAMS` may be open at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Controller, Request, get
from litestar.openapi import ResponseSpec
from litestar.params import HeaderParameter, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.controllers.params import Injected, exact_bounds
from mhc.adapters.http.presenters import present
from mhc.adapters.http.principals import Principal
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import MAX_ID
from mhc.adapters.http.schemas.radar import RadarEventOut, RoomOut
from mhc.adapters.http.streams import StreamGuard, StreamSlots
from mhc.domain.radar import RadarEvent
from mhc.services.radar import Heartbeat, RadarService

EVENT_NAME = "interaction"
# How long a browser waits before reconnecting after the stream dropped.
RETRY_MILLISECONDS = 2_000
_ENCODER = msgspec.json.Encoder()

_STREAM_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: ResponseSpec(
        data_container=RadarEventOut,
        media_type="text/event-stream",
        description=(
            "Server-sent events: `id: <interaction id>`, `event: interaction`, "
            "`data: <RadarEvent JSON>`; a comment line every 15 s of silence."
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
        return present(await radar.room(), RoomOut)

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
            HeaderParameter(
                name="Last-Event-ID",
                ge=0,
                le=MAX_ID,
                schema_extra=exact_bounds(0, MAX_ID),
                required=False,
                description="sent by a reconnecting EventSource: catch up after this id",
            ),
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
    ) -> ServerSentEvent:
        """Room events as the worker stores them (excluded persons never appear); 429 while
        the most streams are open. Ends when the session does."""
        radar_streams.check()
        start = last_event_id if last_event_id is not None else after
        principal = request.user
        guard = StreamGuard(
            shutting_down=shutting_down,
            changes=owner_auth.changes,
            still_valid=lambda: owner_auth.still_valid(principal),
        )
        return ServerSentEvent(
            _messages(radar.stream(start), guard, radar_streams), retry_duration=RETRY_MILLISECONDS
        )


async def _messages(
    items: AsyncGenerator[RadarEvent | Heartbeat, None], guard: StreamGuard, slots: StreamSlots
) -> AsyncIterator[ServerSentEventMessage]:
    # Closing the stream's generator when the browser goes closes its database connection now,
    # not whenever the garbage collector gets to it.
    with slots.held():
        async with aclosing(items):
            while (item := await _next_unless(items, guard)) is not None:
                if isinstance(item, Heartbeat):
                    yield ServerSentEventMessage(comment=item.note, data=None)
                else:
                    data = _ENCODER.encode(present(item, RadarEventOut)).decode()
                    yield ServerSentEventMessage(id=item.id, event=EVENT_NAME, data=data)


async def _next_unless(
    items: AsyncGenerator[RadarEvent | Heartbeat, None], guard: StreamGuard
) -> RadarEvent | Heartbeat | None:
    """The next item, or None once the guard says the stream ends (it never ends by itself).

    The item is awaited in the request's own task, so the generator, and the listening it
    holds, is always run and cleaned up there; only the guard's wait runs beside it.
    """
    if guard.stopped:
        return None
    item: RadarEvent | Heartbeat | None = None
    async with anyio.create_task_group() as race:

        async def cancel_when_ended() -> None:
            await guard.ended()
            race.cancel_scope.cancel()

        race.start_soon(cancel_when_ended)
        item = await anext(items, None)
        race.cancel_scope.cancel()
    # An item that lost the race is not sent: a reconnecting browser catches up on it.
    return None if guard.stopped else item
