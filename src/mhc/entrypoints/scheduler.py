"""The worker's scheduler: each job runs when it is due and this process wins its claim.

Jobs are claimed through the worker_jobs table (FOR UPDATE SKIP LOCKED), so several workers
against one database never double the work.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import anyio

from mhc.domain.errors import ExternalServiceError, StoreUnavailable
from mhc.ports.ingestion import JobRuns, StopRequest

log = logging.getLogger("mhc.worker")


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    name: str
    every: timedelta
    run: Callable[[], Awaitable[object]]


async def run_scheduler(
    jobs: Sequence[ScheduledJob], job_runs: JobRuns, stop: StopRequest, *, tick_seconds: float
) -> None:
    """Run each job whenever it is due and this process wins its claim, until stopped."""
    if not jobs:
        return
    failing: set[str] = set()
    with stop.interruptible():
        while True:
            for job in jobs:
                await _run_if_due(job, job_runs, failing)
            await anyio.sleep(tick_seconds)


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
