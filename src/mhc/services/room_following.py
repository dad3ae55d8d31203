"""Following the stored room events in the worker, from a position kept in the database.

The worker's look-ups and alerts each follow what ingestion stores, the way the radar's
streams do (LISTEN wakes them as soon as a batch commits), but from a position of their own
that survives a restart: nothing stored while the worker was down is missed, nothing is
handled twice. They run beside ingestion, never inside it, so they can neither slow it down
nor stop it: a follower whose handler fails logs it, waits, and tries the same events again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import anyio

from mhc.domain.errors import StoreUnavailable
from mhc.domain.radar import RoomEvent
from mhc.ports.ingestion import StopRequest
from mhc.ports.radar import FollowerPositions, LiveFeed, LiveFeedUnavailable

log = logging.getLogger("mhc.worker")

# Events read at a time; the rest follow at once.
PAGE_SIZE = 200
# A page whose handler keeps failing is skipped after this many tries, so one bad event cannot
# hold a follower back for good.
MAX_TRIES = 5

# Hears a page of new room events (oldest first) and the people whose cards changed.
Handler = Callable[[Sequence[RoomEvent], set[int]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class FollowTuning:
    # Without any announcement, the follower still looks this often (and runs its idle work).
    idle_seconds: float = 5.0
    retry_delays: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)


async def follow_room(
    name: str,
    feed: LiveFeed,
    positions: FollowerPositions,
    handle: Handler,
    stop: StopRequest,
    *,
    start_before: timedelta,
    tuning: FollowTuning | None = None,
) -> None:
    """Hand every room event stored after the follower's position to `handle`, until stopped.

    A follower seen for the first time starts with the events of the last `start_before`.
    """
    tuning = tuning or FollowTuning()
    failures = 0
    async with stop.interruptible():
        while not stop.requested:
            try:
                async with feed.listen() as listener:
                    after = await positions.position(name, start_before=start_before)
                    if failures:
                        log.info("%s follows the room again", name)
                    failures = 0
                    tries = 0
                    while not stop.requested:
                        events = await feed.following(after=after, limit=PAGE_SIZE)
                        changed = listener.changed_cards()
                        if events or changed:
                            try:
                                await handle(events, changed)
                            except (LiveFeedUnavailable, StoreUnavailable):
                                raise
                            except Exception:
                                tries += 1
                                log.exception("%s could not handle %d event(s)", name, len(events))
                                if tries < MAX_TRIES:
                                    await anyio.sleep(_delay(tuning, tries))
                                    continue
                                log.error("%s skips %d event(s) it failed on", name, len(events))
                            tries = 0
                            if events:
                                after = events[-1].id
                                await positions.save(name, after)
                            if len(events) == PAGE_SIZE:
                                continue
                        await listener.wait(tuning.idle_seconds)
            except (LiveFeedUnavailable, StoreUnavailable) as exc:
                failures += 1
                if failures == 1:
                    log.warning("%s waits for the database: %s", name, exc)
                await anyio.sleep(_delay(tuning, failures))


def _delay(tuning: FollowTuning, attempt: int) -> float:
    delays = tuning.retry_delays
    return delays[min(attempt, len(delays)) - 1]
