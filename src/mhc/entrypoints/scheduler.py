"""The worker's scheduler: each job runs when it is due and this process wins its claim.

Jobs are claimed through the worker_jobs table (FOR UPDATE SKIP LOCKED), so several workers
against one database never double the work.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from mhc.domain.errors import ExternalServiceError, StoreUnavailable
from mhc.ports.announcements import NO_ANNOUNCEMENTS, Announcements, Topic
from mhc.ports.ingestion import JobRuns, StopRequest

log = logging.getLogger("mhc.worker")


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    name: str
    every: timedelta
    run: Callable[[], Awaitable[object]]
    # Whether the job can run now (its credentials are set); a job that cannot is paused,
    # left due, and runs at the first tick after it can (or when its credentials are set).
    ready: Callable[[], Awaitable[bool]] | None = None
    # What is said when it pauses: once for all the jobs that say the same.
    waiting: str = "a job waits for its credentials"


async def run_scheduler(
    jobs: Sequence[ScheduledJob],
    job_runs: JobRuns,
    stop: StopRequest,
    *,
    tick_seconds: float,
    announcements: Announcements = NO_ANNOUNCEMENTS,
) -> None:
    """Run each job whenever it is due and this process wins its claim, until stopped. The
    jobs are looked at every `tick_seconds`, and at once when a connection's value changes (a
    paused job may run now)."""
    if not jobs:
        return
    failing: set[str] = set()
    paused: set[str] = set()
    async with stop.interruptible(), announcements.listen(Topic.CONNECTION_CHANGED) as changed:
        while not stop.requested:
            for job in jobs:
                if await _is_ready(job, paused):
                    await _run_if_due(job, job_runs, failing)
            await changed.wait(tick_seconds)


async def _is_ready(job: ScheduledJob, paused: set[str]) -> bool:
    """Whether the job may run now; pausing and resuming are said once per reason."""
    if job.ready is None:
        return True
    try:
        ready = await job.ready()
    except Exception as exc:
        # The credentials could not be read (the database is away): try at the next tick.
        log.debug("job %s: readiness unknown: %s", job.name, type(exc).__name__)
        return False
    if not ready and job.waiting not in paused:
        paused.add(job.waiting)
        log.warning("%s", job.waiting)
    elif ready and job.waiting in paused:
        paused.discard(job.waiting)
        log.info("credentials set: %s resumes", job.name)
    return ready


async def _run_if_due(job: ScheduledJob, job_runs: JobRuns, failing: set[str]) -> None:
    try:
        async with job_runs.claim(job.name, job.every) as claimed:
            if claimed:
                log.debug("running job %s", job.name)
                await job.run()
    except StoreUnavailable as exc:
        if job.name not in failing:
            log.warning("job %s waits for the database: %s", job.name, exc)
        failing.add(job.name)
        return
    except ExternalServiceError as exc:
        # Already logged and recorded in the failure log by the client.
        log.warning("job %s failed: %s", job.name, exc)
    except Exception:
        log.exception("job %s failed", job.name)
    if job.name in failing:
        failing.discard(job.name)
        log.info("job %s runs again", job.name)
