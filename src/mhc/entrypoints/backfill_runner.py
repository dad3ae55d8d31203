"""Running backfills in a process: the CLI's one run and the worker's queue.

A running backfill's row is touched every KEEPALIVE_SECONDS while its work goes on (a single
slow call may take minutes between two progress writes), so a row nobody touched for
STALE_AFTER belongs to a process that died; workers end such rows as failed.

A run stopped from outside is recorded as such: the worker gives it back to the queue when it is
asked to stop (the next worker starts it over), the CLI marks it cancelled on Ctrl-C. A cancel
from the panel reaches the run through its progress writes (the service ends it as cancelled);
a worker stopping while one is pending ends that run as cancelled instead of queueing it.
"""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Protocol

import anyio

from mhc.domain.backfills import Backfill, ProgressListener
from mhc.ports.announcements import NO_ANNOUNCEMENTS, Announcements, Topic
from mhc.services.backfills import BackfillService
from mhc.services.cancel_once import SideTasks

log = logging.getLogger("mhc.backfills")

KEEPALIVE_SECONDS = 30.0
STALE_AFTER = timedelta(minutes=5)
# How often a worker looks for rows whose process died, besides when it starts.
STALE_SWEEP_SECONDS = 60.0
# Recording that a run was stopped gets this long even while the process shuts down.
_CLEANUP_SECONDS = 3.0


class Interruptible(Protocol):
    """The worker's stop signal, as far as the queue needs it."""

    @property
    def requested(self) -> bool: ...

    def interruptible(self) -> AbstractAsyncContextManager[None]: ...


async def run_backfill(
    service: BackfillService,
    backfill: Backfill,
    *,
    listener: ProgressListener | None = None,
    requeue_on_stop: bool,
) -> Backfill:
    """Run a claimed backfill to its end, keeping its row alive meanwhile."""
    failure: Exception | None = None
    finished: Backfill | None = None
    try:
        async with SideTasks() as keepalive:
            keepalive.start_soon(_keep_alive, service, backfill.id)
            try:
                finished = await service.run(backfill, listener)
            except Exception as exc:
                failure = exc
    except anyio.get_cancelled_exc_class():
        with anyio.move_on_after(_CLEANUP_SECONDS, shield=True):
            try:
                await service.interrupted(backfill.id, requeue=requeue_on_stop)
            except Exception as exc:
                # Left running, the row is failed as stale by the next worker.
                log.warning("backfill %d: could not record the stop (%s)", backfill.id, exc)
        raise
    if failure is not None:
        raise failure
    assert finished is not None
    return finished


async def _keep_alive(service: BackfillService, backfill_id: int) -> None:
    while True:
        await anyio.sleep(KEEPALIVE_SECONDS)
        try:
            await service.keep_alive(backfill_id)
        except Exception as exc:
            log.debug("backfill %d: keep-alive not written (%s)", backfill_id, type(exc).__name__)


async def serve_backfills(
    service: BackfillService,
    stop: Interruptible,
    *,
    worker_id: str,
    poll_seconds: float,
    announcements: Announcements = NO_ANNOUNCEMENTS,
) -> None:
    """Run queued backfills one at a time until stopped; several workers share the queue. An
    idle worker looks at the queue when a backfill is announced, and every `poll_seconds`."""
    swept_at: float | None = None
    paused = False
    async with stop.interruptible(), announcements.listen(Topic.BACKFILL_QUEUED) as queued:
        while not stop.requested:
            try:
                if swept_at is None or anyio.current_time() - swept_at >= STALE_SWEEP_SECONDS:
                    await _fail_stale(service)
                    swept_at = anyio.current_time()
                backfill = await service.claim_next(worker_id)
            except Exception as exc:
                # The database may be down: the queue waits for it, saying so once.
                if not paused:
                    log.warning("backfill queue paused: %s", exc)
                paused = True
                await anyio.sleep(poll_seconds)
                continue
            if paused:
                log.info("backfill queue runs again")
                paused = False
            if backfill is None:
                await queued.wait(poll_seconds)
            else:
                await _run_claimed(service, backfill)


async def _fail_stale(service: BackfillService) -> None:
    for backfill_id in await service.fail_stale(STALE_AFTER):
        log.warning("backfill %d failed: the process running it stopped answering", backfill_id)


async def _run_claimed(service: BackfillService, backfill: Backfill) -> None:
    log.info("backfill %d started: %s", backfill.id, backfill.label)
    try:
        finished = await run_backfill(service, backfill, requeue_on_stop=True)
    except anyio.get_cancelled_exc_class():
        log.info("backfill %d queued again: the worker is stopping", backfill.id)
        raise
    except Exception:
        log.exception("backfill %d failed", backfill.id)
        return
    outcome = f"{finished.done} {finished.unit} done, {finished.failed} failed"
    if finished.last_error:
        outcome += f"; last error: {finished.last_error}"
    log.info("backfill %d %s: %s", finished.id, finished.status.value, outcome)
