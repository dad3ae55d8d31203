"""Automatic Statbate look-ups of everyone who shows up in the room (the worker runs this).

Two loops: one follows the stored room events and queues whoever is due a look-up (see
domain.lookups); the other takes the queue, longest waiting first, up to a batch call's worth
of names at a time, through the room's lane of the Statbate budget. Every change is announced,
so the radar's cards say what is happening: queued, found, not on Statbate, failed. A call that
fails leaves its names queued, tried again later with a growing delay; a refused token waits
for the owner.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import anyio

from mhc.domain.errors import ExternalAuthError, ExternalServiceError, StoreUnavailable
from mhc.domain.lookups import (
    BATCH_NAMES,
    DEFAULT_FRESHNESS,
    FAILED_RETRY,
    PRESENCE_TYPES,
    DueLookup,
    LookupAnswer,
    LookupState,
    retry_delay,
)
from mhc.domain.radar import RoomEvent
from mhc.domain.usernames import normalize_username
from mhc.ports.clock import Clock
from mhc.ports.ingestion import StopRequest
from mhc.ports.lookups import LookupQueue
from mhc.ports.radar import FollowerPositions, LiveFeed
from mhc.services.capture import CaptureOutcome, CaptureResult, CaptureService
from mhc.services.room_following import FollowTuning, follow_room

log = logging.getLogger("mhc.worker")

FOLLOWER = "statbate_lookups"
# A worker seen for the first time looks up who was in the room this long ago and since.
START_LOOK_BACK = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class LookupTuning:
    # How often the queue is looked at when nothing new came (names due a retry).
    idle_seconds: float = 1.0
    database_retry_seconds: float = 2.0
    follow: FollowTuning = field(default_factory=FollowTuning)


class RoomLookups:
    """Queues and looks up the people seen in the room, within the room's lane of the budget."""

    def __init__(
        self,
        *,
        feed: LiveFeed,
        positions: FollowerPositions,
        queue: LookupQueue,
        capture: CaptureService,
        clock: Clock,
        owner: str,
        stop: StopRequest,
        freshness: timedelta = DEFAULT_FRESHNESS,
        tuning: LookupTuning | None = None,
        ready: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        """`ready`: whether a Statbate token is set now; without one the queue waits for it."""
        self._feed = feed
        self._positions = positions
        self._queue = queue
        self._capture = capture
        self._clock = clock
        self._owner = normalize_username(owner)
        self._stop = stop
        self._freshness = freshness
        self._tuning = tuning or LookupTuning()
        self._wake = anyio.Event()
        self._ready = ready
        self._waiting_for_token = False

    async def run(self) -> None:
        """Follow the room and work the queue until stopped."""
        log.info("automatic Statbate look-ups on (fresh for %s)", _duration(self._freshness))
        async with anyio.create_task_group() as loops:
            loops.start_soon(self._follow)
            loops.start_soon(self._work_queue)

    async def _follow(self) -> None:
        await follow_room(
            FOLLOWER,
            self._feed,
            self._positions,
            self.queue_people_of,
            self._stop,
            start_before=START_LOOK_BACK,
            tuning=self._tuning.follow,
        )

    async def queue_people_of(self, events: Sequence[RoomEvent], changed: set[int]) -> None:
        """Queue whoever of the people in `events` is due a look-up."""
        seen = {
            e.person_id for e in events if e.type in PRESENCE_TYPES and e.username != self._owner
        }
        queued = await self._queue.enqueue(seen, owner=self._owner, freshness=self._freshness)
        if queued:
            await self._queue.announce(queued)
            self._wake.set()

    async def _work_queue(self) -> None:
        async with self._stop.interruptible():
            while not self._stop.requested:
                try:
                    worked = await self.look_up_due()
                except StoreUnavailable as exc:
                    log.debug("look-ups wait for the database: %s", exc)
                    await anyio.sleep(self._tuning.database_retry_seconds)
                    continue
                if worked:
                    continue
                wake = self._wake
                with anyio.move_on_after(self._tuning.idle_seconds):
                    await wake.wait()
                if wake is self._wake:
                    self._wake = anyio.Event()

    async def look_up_due(self) -> int:
        """One batch call for the longest-waiting due names; how many it carried."""
        if not await self._token_set():
            return 0
        due = await self._queue.due(limit=BATCH_NAMES)
        if not due:
            return 0
        ids = {item.person_id for item in due}
        try:
            results = await self._capture.capture_members_batch([d.username for d in due])
        except ExternalAuthError as exc:
            await self._queue.postpone(ids, delay=retry_delay(1, refused=True), error=str(exc))
            await self._queue.announce(ids)
            return 0
        except ExternalServiceError as exc:
            attempts = max(item.attempts for item in due) + 1
            # The client logged it and recorded it in the failure log.
            await self._queue.postpone(ids, delay=retry_delay(attempts), error=str(exc))
            await self._queue.announce(ids)
            return 0
        answers, excluded = self._answers(due, results)
        await self._queue.settle(answers)
        await self._queue.forget(excluded)
        await self._queue.announce(ids)
        found = sum(answer.state is LookupState.FOUND for answer in answers)
        log.debug("Statbate look-ups: %d found of %d", found, len(due))
        return len(due)

    async def _token_set(self) -> bool:
        """Whether a Statbate token is set; the change either way is logged once."""
        ready = self._ready is None or await self._ready()
        if ready == self._waiting_for_token:
            self._waiting_for_token = not ready
            if ready:
                log.info("automatic Statbate look-ups resume: a Statbate token is set")
            else:
                log.warning(
                    "automatic Statbate look-ups wait for a Statbate token (Connections page); "
                    "arrivals are queued meanwhile"
                )
        return ready

    def _answers(
        self, due: Sequence[DueLookup], results: Sequence[CaptureResult]
    ) -> tuple[list[LookupAnswer], list[int]]:
        now = self._clock.now()
        by_name = {result.username: result for result in results}
        answers: list[LookupAnswer] = []
        excluded: list[int] = []
        for item in due:
            result = by_name.get(item.username)
            if result is None or result.outcome is CaptureOutcome.EXCLUDED:
                excluded.append(item.person_id)
                continue
            if result.outcome is CaptureOutcome.CAPTURED:
                captured = result.snapshot.captured_at if result.snapshot is not None else now
                state, retry_at, error = LookupState.FOUND, captured + self._freshness, None
            elif result.outcome is CaptureOutcome.NOT_FOUND:
                state, retry_at, error = LookupState.NOT_FOUND, now + self._freshness, None
            else:
                state, retry_at, error = LookupState.FAILED, now + FAILED_RETRY, result.detail
            answers.append(
                LookupAnswer(person_id=item.person_id, state=state, retry_at=retry_at, error=error)
            )
        return answers, excluded


def _duration(span: timedelta) -> str:
    hours, seconds = divmod(int(span.total_seconds()), 3600)
    return f"{hours} h" if not seconds else f"{hours} h {seconds // 60} min"
