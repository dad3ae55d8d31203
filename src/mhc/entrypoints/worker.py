"""The worker process: live Events API ingestion, scheduled jobs, heartbeat, graceful exit.

- Ingestion (`mhc.services.ingestor`) holds a per-broadcaster lease (a PostgreSQL advisory
  lock) while it longpolls the Events API from the stored cursor; each batch and the cursor
  after it commit in one transaction. A second worker waits as a hot standby.
- The scheduler (`scheduler.py`) runs the jobs of `mhc.services.worker_jobs`, claimed through
  the worker_jobs table, so several workers against one database never double the work.
- Backfills the panel queued are claimed the same way and run one at a time (backfill_runner).
- Beside ingestion, never inside it, the room's watchers (room_watch): automatic Statbate
  look-ups of everyone who shows up, and the owner's alerts.
- SIGTERM or SIGINT stops polling at once, lets the batch in hand commit, saves the cursor
  with it and returns within ten seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from dataclasses import dataclass
from datetime import timedelta

import anyio

from mhc.domain.connections import ConnectionName, Outcome
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.backfill_runner import serve_backfills
from mhc.entrypoints.container import Container
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.room_watch import room_watchers
from mhc.entrypoints.scheduler import ScheduledJob, run_scheduler
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.stop import StopSignal, replay_held_stop_signals
from mhc.ports.ingestion import JobRuns
from mhc.services.connections import ConnectionService
from mhc.services.ingestor import EventsIngestor, IngestorTuning
from mhc.services.listening import ListeningRecorder
from mhc.services.worker_jobs import WorkerJobs

log = logging.getLogger("mhc.worker")


@dataclass(frozen=True, slots=True)
class WorkerTuning(IngestorTuning):
    """Timings of the worker (the ingestion loop's and the process's); production's defaults."""

    scheduler_tick_seconds: float = 5.0
    # How often an idle worker looks for a backfill the panel queued, besides when the panel
    # announces one.
    backfill_poll_seconds: float = 2.0
    # From SIGTERM: how long the batch in hand may take to commit; with the cleanup after it,
    # the process exits within 10 s even when the database does not answer.
    shutdown_grace_seconds: float = 6.0


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


STATS_MISSING = (
    "Chaturbate Stats snapshots wait for a token: set it on the Connections page "
    "(CB_STATS_TOKEN is not set)"
)
STATBATE_MISSING = (
    "Statbate snapshots wait for a token: set it on the Connections page "
    "(STATBATE_API_TOKEN is not set)"
)


def build_jobs(
    settings: Settings, work: WorkerJobs, connections: ConnectionService
) -> list[ScheduledJob]:
    """Every job; one whose credentials are not set is paused until they are (said once)."""
    # Read past the cache: a job told that a value changed must see the new one.
    stats = connections.is_configured(ConnectionName.CB_STATS, cached=False)
    statbate = connections.is_configured(ConnectionName.STATBATE, cached=False)
    stats_every = timedelta(minutes=settings.cb_stats_poll_minutes)
    statbate_every = timedelta(minutes=settings.watchlist_snapshot_minutes)
    return [
        ScheduledJob(
            "cb_stats_snapshot", stats_every, work.snapshot_owner_stats, stats, STATS_MISSING
        ),
        ScheduledJob(
            "statbate_watchlist_snapshots",
            statbate_every,
            work.snapshot_watchlists,
            statbate,
            STATBATE_MISSING,
        ),
        ScheduledJob(
            "statbate_owner_model_snapshot",
            statbate_every,
            work.snapshot_owner_model,
            statbate,
            STATBATE_MISSING,
        ),
    ]


# --- the process ---------------------------------------------------------------------------

ACCEPTED = "Working: the worker receives the room's events."


async def run_worker(
    settings: Settings,
    *,
    container: Container | None = None,
    tuning: WorkerTuning | None = None,
    stop: StopSignal | None = None,
    handle_signals: bool = True,
) -> None:
    """Run the worker until SIGTERM/SIGINT (or `stop`); ingestion runs only with a token."""
    tuning = tuning or WorkerTuning()
    stop = stop or StopSignal(grace_seconds=tuning.shutdown_grace_seconds)
    # Not waiting: the worker starts with the database down and waits for it like for an outage.
    async with open_container(settings, container=container, database_wait=0) as container:
        worker_id = worker_identity()
        broadcaster = normalize_username(settings.broadcaster)
        async with anyio.create_task_group() as process:
            if handle_signals:
                process.start_soon(_stop_on_signals, stop)
            work = WorkerJobs(
                capture=container.capture(),
                read_models=container.read_models(),
                store=container.ingestion_store(),
                clock=container.clock(),
                broadcaster=broadcaster,
            )
            connections = container.connections()
            announcements = container.announcements()
            ingestor = EventsIngestor(
                broadcaster=broadcaster,
                exclusion=container.exclusion_policy(),
                store=container.ingestion_store(),
                leases=container.worker_leases(),
                heartbeats=container.worker_heartbeats(),
                failure_log=container.client_failure_log(),
                feed_for=lambda token: container.events_feed(broadcaster=broadcaster, token=token),
                token_source=connections.secret_provider(ConnectionName.CB_EVENTS, cached=False),
                stop=stop,
                worker_id=worker_id,
                tuning=tuning,
                on_sessions_ended=work.summarise_ended_sessions,
                drift=container.drift_reporter(),
                on_token_accepted=lambda: connections.note(
                    ConnectionName.CB_EVENTS, Outcome.WORKING, ACCEPTED
                ),
                listening=ListeningRecorder(
                    container.listening_log(), broadcaster=broadcaster, worker_id=worker_id
                ),
                announcements=announcements,
            )
            jobs = build_jobs(settings, work, connections)
            job_runs: JobRuns = container.worker_job_runs(worker_id=worker_id)
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(ingestor.run)
                tasks.start_soon(
                    lambda: serve_backfills(
                        container.backfills(),
                        stop,
                        worker_id=worker_id,
                        poll_seconds=tuning.backfill_poll_seconds,
                        announcements=announcements,
                    )
                )
                tasks.start_soon(
                    lambda: run_scheduler(
                        jobs,
                        job_runs,
                        stop,
                        tick_seconds=tuning.scheduler_tick_seconds,
                        announcements=announcements,
                    )
                )
                for watcher in room_watchers(settings, container, stop, broadcaster=broadcaster):
                    tasks.start_soon(watcher)
                await stop.wait()
            process.cancel_scope.cancel()
    log.info("worker stopped")


async def _stop_on_signals(stop: StopSignal) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        # A stop that came while the worker started (`mhc run` stops it when the web cannot
        # start) is received now, and stops it in order.
        replay_held_stop_signals()
        async for received in signals:
            if stop.requested:
                log.warning("%s again: stopping now", signal.Signals(received).name)
                raise KeyboardInterrupt
            log.info(
                "%s: finishing the batch in hand, then stopping", signal.Signals(received).name
            )
            stop.request()
