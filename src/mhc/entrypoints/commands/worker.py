"""`mhc worker` (Events API ingestion and scheduled jobs) and `mhc worker --check`.

`--check` prints the heartbeat and the contract drift seen; its exit code says whether the
heartbeat is healthy, whatever the drift (drift never stops the worker, the data is kept).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import anyio
import psycopg
from psycopg_pool import PoolTimeout

from mhc.domain.errors import StoreUnavailable
from mhc.domain.models import WorkerHeartbeat
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.stop import release_stop_signals
from mhc.entrypoints.worker import run_worker
from mhc.ports.drift import DriftEntry
from mhc.ports.read_models import Page

# A heartbeat older than this means no worker is polling (it writes one every few seconds).
STALE_AFTER_SECONDS = 60.0
# How long the check waits for the database before calling it unreachable.
CHECK_WAIT_SECONDS = 10.0
# Rows of the drift section; the rest are on the panel (GET /api/drift).
DRIFT_ROWS = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "worker", help="run the worker: live Events API ingestion and scheduled snapshots"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="print the worker's heartbeat and the contract drift seen; exit 0 if the heartbeat "
        "is fresh and without error (drift does not change the exit code)",
    )
    # The worker stops in order on a signal that came while it started (see run_worker).
    parser.set_defaults(handler=run, takes_stop_signals=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        release_stop_signals()
        return anyio.run(_check, settings)
    anyio.run(run_worker, settings)
    return 0


async def _check(settings: Settings) -> int:
    try:
        async with open_container(settings, database_wait=CHECK_WAIT_SECONDS) as container:
            heartbeat = await container.worker_heartbeats().latest(
                normalize_username(settings.broadcaster)
            )
            drift: Page[DriftEntry] | str
            try:
                drift = await container.drift_log().entries(limit=DRIFT_ROWS)
            except (PoolTimeout, psycopg.Error) as exc:
                drift = f"unreadable ({type(exc).__name__})"
    except (PoolTimeout, StoreUnavailable):
        print("the database is unreachable: no heartbeat to read")
        return 1
    now = datetime.now(UTC)
    print(describe_heartbeat(heartbeat, settings.broadcaster, now=now))
    print(describe_drift(drift, now=now))
    return 0 if heartbeat_is_healthy(heartbeat, now=now) else 1


def heartbeat_is_healthy(heartbeat: WorkerHeartbeat | None, *, now: datetime) -> bool:
    if heartbeat is None or heartbeat.last_error:
        return False
    return (now - heartbeat.updated_at).total_seconds() <= STALE_AFTER_SECONDS


def describe_heartbeat(
    heartbeat: WorkerHeartbeat | None, broadcaster: str, *, now: datetime
) -> str:
    """The heartbeat as a few aligned lines, times with their age."""
    if heartbeat is None:
        return f"no worker heartbeat for {broadcaster}: no worker has consumed its Events API yet"

    def moment(value: datetime | None) -> str:
        if value is None:
            return "never"
        return f"{value.isoformat(timespec='seconds')} ({_age(now, value)} ago)"

    lag = "unknown" if heartbeat.lag_seconds is None else f"{heartbeat.lag_seconds:.1f}s"
    status = "ok" if heartbeat_is_healthy(heartbeat, now=now) else "unhealthy"
    if heartbeat.last_error is None and status != "ok":
        status = f"stale (no heartbeat for more than {STALE_AFTER_SECONDS:.0f}s)"
    return "\n".join(
        (
            f"worker heartbeat of {heartbeat.broadcaster} (worker {heartbeat.worker_id})",
            f"  last poll:   {moment(heartbeat.last_poll_at)}",
            f"  last event:  {moment(heartbeat.last_event_at)}",
            f"  lag:         {lag}",
            f"  last error:  {heartbeat.last_error or 'none'}",
            f"  updated:     {moment(heartbeat.updated_at)}",
            f"status: {status}",
        )
    )


def describe_drift(drift: Page[DriftEntry] | str, *, now: datetime) -> str:
    """The contract drift section: one line per difference seen, most recently seen first."""
    if isinstance(drift, str):
        return f"contract drift: {drift}"
    if not drift.items:
        return "contract drift: none seen (the services answer as their contracts say)"
    lines = [
        f"contract drift: {drift.total} difference(s) between the services' answers and their "
        "contracts (the data is kept; see the panel or GET /api/drift)"
    ]
    for entry in drift.items:
        lines.append(
            f"  {entry.service} {entry.endpoint}: {entry.kind.value} {entry.subject} "
            f"({entry.detail}), seen {entry.count}x, last {_age(now, entry.last_seen_at)} ago"
        )
    if drift.total > len(drift.items):
        lines.append(f"  ... and {drift.total - len(drift.items)} more")
    return "\n".join(lines)


def _age(now: datetime, then: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
