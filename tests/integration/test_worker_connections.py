"""A running worker follows the connections set on the panel: composed as `mhc worker` composes
it (production's token check interval), with the panel's routes on the same database and the
simulator over loopback. No restart anywhere."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

import anyio
import msgspec
import psycopg
import pytest
from tests.integration.http_app import Api, open_api, settings_for

from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.container import Container
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning, run_worker
from mhc.services.events_token import WAITING
from mhc.simulator import EVENTS, Simulator, SimulatorConfig, run_simulator_async

START = datetime(2026, 2, 6, 21, 0, tzinfo=UTC)
# The promise: a changed connection reaches the running worker within 10 seconds.
PICKUP_SECONDS = 10.0
# Production's timings where they decide how soon a change is seen; short waits elsewhere.
TUNING = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    heartbeat_seconds=0.2,
    scheduler_tick_seconds=0.2,
    backfill_poll_seconds=0.2,
    shutdown_grace_seconds=3.0,
)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with run_simulator_async(SimulatorConfig(seed=4, start_time=START)) as running:
        yield running


@pytest.fixture
async def panel(database_url: str, sim: Simulator) -> AsyncIterator[Api]:
    async with open_api(database_url, simulator=sim, tokens=False) as opened:
        yield opened


@asynccontextmanager
async def worker(
    database_url: str, sim: Simulator, tuning: WorkerTuning = TUNING
) -> AsyncIterator[None]:
    """`mhc worker` on the panel's database and secret key, with no token in its environment."""
    settings = msgspec.structs.replace(
        settings_for(database_url, sim, tokens=False), run_mode="worker"
    )
    stop = StopSignal(grace_seconds=3)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(
            partial(
                run_worker,
                settings,
                container=Container(settings=settings),
                tuning=tuning,
                stop=stop,
                handle_signals=False,
            )
        )
        try:
            yield
        finally:
            stop.request()


def scalar(database_url: str, sql: str) -> object:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(sql).fetchone()
        return None if row is None else row[0]


def stored(database_url: str) -> int:
    return int(scalar(database_url, "SELECT count(*) FROM interactions") or 0)


def leases_held(database_url: str) -> bool:
    """Whether a worker holds the Events API lease (an advisory lock) on the database."""
    return bool(
        scalar(
            database_url,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database "
            "= (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
    )


async def seconds_until(condition: Callable[[], bool], *, within: float) -> float:
    started = time.monotonic()
    while not condition():
        waited = time.monotonic() - started
        if waited > within:
            raise AssertionError(f"still not true after {within:.0f}s")
        await anyio.sleep(0.1)
    return time.monotonic() - started


async def set_token(panel: Api, token: str) -> None:
    answer = await panel.put("/api/connections/cb_events", json={"value": token})
    assert answer.status_code == 200, answer.text


async def connection(panel: Api, name: str) -> dict[str, object]:
    items = (await panel.get("/api/connections")).json()["items"]
    (found,) = [item for item in items if item["name"] == name]
    return dict(found)


async def test_a_token_set_on_the_panel_reaches_the_running_worker_within_ten_seconds(
    panel: Api, sim: Simulator, database_url: str
) -> None:
    sim.emit(12)
    async with worker(database_url, sim):
        # The worker is up and waiting: nothing asks the Events API without a token.
        await anyio.sleep(1.0)
        assert sim.requests(EVENTS) == []

        await set_token(panel, sim.config.events_token)
        took = await seconds_until(lambda: stored(database_url) >= 12, within=PICKUP_SECONDS)

    assert took < PICKUP_SECONDS
    state = await connection(panel, "cb_events")
    assert state["state"] == "working"
    assert state["lastSuccessAt"] is not None


async def test_a_token_set_or_removed_on_the_panel_reaches_the_worker_at_once_when_announced(
    panel: Api, sim: Simulator, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The worker reads the token when it starts, then once an hour: only the panel's
    # announcements can tell it of the token set and removed below.
    hourly = replace(TUNING, token_check_seconds=3600.0)
    sim.emit(3)
    async with worker(database_url, sim, hourly):
        await seconds_until(lambda: WAITING in caplog.text, within=PICKUP_SECONDS)
        await set_token(panel, sim.config.events_token)
        await seconds_until(lambda: stored(database_url) >= 3, within=PICKUP_SECONDS)
        assert (await panel.delete("/api/connections/cb_events")).status_code == 200
        await seconds_until(lambda: not leases_held(database_url), within=PICKUP_SECONDS)


async def test_removing_the_token_stops_ingestion_and_a_new_one_resumes_it(
    panel: Api, sim: Simulator, database_url: str
) -> None:
    await set_token(panel, sim.config.events_token)
    sim.emit(5)
    async with worker(database_url, sim):
        await seconds_until(lambda: stored(database_url) >= 5, within=PICKUP_SECONDS)

        assert (await panel.delete("/api/connections/cb_events")).status_code == 200
        await seconds_until(
            lambda: (
                "no Events API token"
                in str(scalar(database_url, "SELECT last_error FROM worker_heartbeat"))
            ),
            within=PICKUP_SECONDS,
        )
        sim.emit(6)
        await anyio.sleep(2.0)

        assert stored(database_url) == 5
        # The lease went with it: a standby worker with a token could take over.
        assert not leases_held(database_url)

        await set_token(panel, sim.config.events_token)
        await seconds_until(lambda: stored(database_url) >= 11, within=PICKUP_SECONDS)


async def test_a_refused_token_shows_as_refused_with_its_time_once_the_worker_meets_it(
    panel: Api, sim: Simulator, database_url: str
) -> None:
    async with worker(database_url, sim):
        await set_token(panel, "revoked-events-token-0001")

        async def refused() -> dict[str, object]:
            return await connection(panel, "cb_events")

        state = await _eventually(refused, lambda s: s["state"] == "refused", PICKUP_SECONDS)

    assert state["checkedAt"] is not None
    assert "refused the token" in str(state["message"])
    failures = (await panel.get("/api/failures")).json()["items"]
    assert any(f["service"] == "cb_events" and f["status"] == 401 for f in failures)


async def test_statbate_jobs_wait_for_their_token_and_run_once_it_is_set(
    panel: Api, sim: Simulator, database_url: str
) -> None:
    def owner_model_runs() -> int:
        return int(
            scalar(
                database_url,
                "SELECT count(*) FROM snapshots WHERE source = 'statbate_model'",
            )
            or 0
        )

    # The jobs are looked at when the worker starts, then once an hour: only the panel's
    # announcement can resume the paused one.
    async with worker(database_url, sim, replace(TUNING, scheduler_tick_seconds=3600.0)):
        await anyio.sleep(1.0)
        assert owner_model_runs() == 0

        answer = await panel.put(
            "/api/connections/statbate", json={"value": sim.config.statbate_token}
        )
        assert answer.status_code == 200
        await seconds_until(lambda: owner_model_runs() >= 1, within=PICKUP_SECONDS)


async def _eventually(
    read: Callable[[], Awaitable[dict[str, object]]],
    holds: Callable[[dict[str, object]], bool],
    within: float,
) -> dict[str, object]:
    started = time.monotonic()
    while True:
        value = await read()
        if holds(value):
            return value
        if time.monotonic() - started > within:
            raise AssertionError(f"still {value} after {within:.0f}s")
        await anyio.sleep(0.2)
