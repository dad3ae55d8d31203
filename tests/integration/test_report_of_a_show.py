"""The stream report from stored data: a simulated show heard by the real ingestor with the
worker stopped for a minute, the route, the theme, and `mhc report`."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import httpx
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import Api, add_interaction, add_person
from tests.integration.test_worker_ingestor import FAST, OWNER, all_stored, scalar, wait_for
from tests.processes import clean_environment, mhc_command

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.listening import PostgresListeningLog
from mhc.adapters.postgres.owner_clock import PostgresOwnerClockStore
from mhc.adapters.postgres.pool import build_pool, pool_lifespan
from mhc.adapters.postgres.read_models import PostgresReadModels
from mhc.adapters.postgres.reports import PostgresReportSource
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresLeases
from mhc.adapters.resilience import build_http_client
from mhc.domain.coverage import CoverageState
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionType, Role
from mhc.domain.owner_clock import OwnerClock, time_text
from mhc.entrypoints.stop import StopSignal
from mhc.ports.connections import fixed_secret
from mhc.services.ingestor import EventsIngestor
from mhc.services.listening import ListeningRecorder
from mhc.services.owner_clock import OwnerClockService
from mhc.services.reports import ReportService
from mhc.simulator import Simulator, SimulatorConfig, run_simulator_async

SHOW_START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
EXCLUDED = ExclusionPolicy(["smk_lover"])
DASH = "\u2013"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    # Long broadcasts: the test starts and stops the show itself.
    config = SimulatorConfig(seed=11, start_time=SHOW_START, broadcast_length=(5_000, 5_000))
    async with run_simulator_async(config) as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with build_http_client() as opened:
        yield opened


async def listen(
    pool: AsyncConnectionPool, sim: Simulator, client: httpx.AsyncClient, stop: StopSignal
) -> None:
    """The worker's ingestion, its polls timed by the room's (virtual) clock."""
    await EventsIngestor(
        broadcaster=OWNER,
        exclusion=EXCLUDED,
        store=PostgresIngestionStore(pool),
        leases=PostgresLeases(pool),
        heartbeats=PostgresHeartbeats(pool),
        failure_log=PostgresFailureLog(pool),
        feed_for=lambda token: ChaturbateEventsFeed(
            client, broadcaster=OWNER, token=token, base_url=sim.base_url, now=sim.now
        ),
        token_source=fixed_secret(sim.config.events_token),
        stop=stop,
        worker_id="test_host:1",
        tuning=FAST,
        listening=ListeningRecorder(
            PostgresListeningLog(pool), broadcaster=OWNER, worker_id="test_host:1", flush_seconds=0
        ),
    ).run()


def reports(pool: AsyncConnectionPool) -> ReportService:
    clock = OwnerClockService(PostgresOwnerClockStore(pool), default_timezone="UTC")
    return ReportService(PostgresReportSource(pool), clock, EXCLUDED, broadcaster=OWNER)


async def test_report_of_a_show_says_partial_when_the_worker_was_stopped_for_a_minute(
    pool: AsyncConnectionPool, database_url: str, sim: Simulator, client: httpx.AsyncClient
) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO events_cursor (broadcaster, last_event_id, timeout_seconds) "
            "VALUES (%s, '0-0', 1)",
            (OWNER,),
        )
    first = StopSignal(grace_seconds=3)
    async with anyio.create_task_group() as tg:
        tg.start_soon(listen, pool, sim, client, first)
        await wait_for(lambda: scalar(pool, "SELECT count(*) FROM listening_spans"))
        sim.open_show(12)
        sim.emit(40)
        await wait_for(all_stored(pool, sim))
        # Heard up to the room's current time (an empty poll answers at it).
        await wait_for(
            lambda: scalar(pool, "SELECT max(ended_at) >= %s FROM listening_spans", sim.now())
        )
        first.request()
    stopped_at = sim.now()

    sim.pass_time(60)
    sim.emit(10)  # while nobody listens
    restarted_at = sim.now()
    second = StopSignal(grace_seconds=3)
    async with anyio.create_task_group() as tg:
        tg.start_soon(listen, pool, sim, client, second)
        await wait_for(all_stored(pool, sim))
        sim.emit(30)
        sim.stop_broadcast()
        await wait_for(all_stored(pool, sim))
        second.request()

    report = await reports(pool).latest()
    lines = report.markdown.splitlines()
    utc = OwnerClock()
    assert lines[0].startswith(f"S: {SHOW_START.date().isoformat()} Stream {DASH}")
    assert lines[1] == (
        f"Partial: not listening {time_text(stopped_at, utc)}{DASH}{time_text(restarted_at, utc)}"
    )
    assert "- Net Followers: Unknown" in lines
    assert "- Avg. Watch Time: Unknown" in lines
    assert any(line.startswith("- Received: at least ") for line in lines)
    assert "smk_lover" not in report.markdown
    assert (await reports(pool).latest()).markdown == report.markdown
    # Its people are read beside the events on connections of their own, or on its own one
    # when the pool has none to spare.
    async with pool_lifespan(build_pool(database_url, min_size=1, max_size=1)) as one:
        assert (await reports(one).latest()).markdown == report.markdown

    summaries = await PostgresReadModels(pool).session_summaries(OWNER, limit=5, offset=0)
    [show] = summaries.items
    assert show.coverage.state is CoverageState.PARTIAL
    [gap] = show.coverage.gaps
    assert gap.started_at == stopped_at
    assert gap.ended_at == restarted_at


# ---- the route, the theme and the command line ---------------------------------------------


async def _insert_show(api: Api, started: datetime, ended: datetime) -> int:
    async with api.container.db_pool().connection() as conn:
        cur = await conn.execute(
            "INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status) "
            "VALUES (%s, %s, %s, 'ENDED') RETURNING id",
            (OWNER, started, ended),
        )
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


def ended_show(api: Api) -> int:
    """A two-hour show the panel heard in full: a Friend tips, and the excluded regular."""
    started = SHOW_START
    session_id = api.call(_insert_show, api, started, started + timedelta(hours=2))
    api.call(
        api.container.listening_log().open_span,
        broadcaster=OWNER,
        worker_id="test",
        started_at=started - timedelta(minutes=1),
        ended_at=started + timedelta(hours=2),
    )
    friend = add_person(api, "velvet_fox", Role.VIEWER)
    watchlists = api.container.watchlists()
    friends = next(w for w in api.call(watchlists.list) if w.name == "Friends")
    api.call(watchlists.add_member, friends.id, friend)
    excluded = add_person(api, "smk_lover")
    at = started
    for person, kind, tokens in [
        (friend, InteractionType.USER_ENTER, None),
        (friend, InteractionType.TIP, 500),
        (excluded, InteractionType.TIP, 9999),
        (friend, InteractionType.FOLLOW, None),
    ]:
        at += timedelta(minutes=5)
        add_interaction(api, person, kind, at, tokens=tokens, session_id=session_id)
    return session_id


async def test_report_route_answers_markdown_the_same_way_twice(api: Api) -> None:
    session_id = ended_show(api)

    first = await api.get(f"/api/sessions/{session_id}/report")
    again = await api.get(f"/api/sessions/{session_id}/report")

    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/markdown")
    assert first.headers["content-disposition"].startswith('inline; filename="stream-report-')
    assert first.text == again.text
    assert "1. **velvet_fox** — 500" in first.text
    assert "- Received: 500" in first.text
    assert "Partial" not in first.text
    assert "smk_lover" not in first.text


async def test_report_route_answers_404_problem_when_the_session_does_not_exist(api: Api) -> None:
    answer = await api.get("/api/sessions/987654/report")

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_theme_is_stored_trimmed_and_named_on_the_label_line(api: Api) -> None:
    session_id = ended_show(api)

    saved = await api.put(f"/api/sessions/{session_id}/theme", json={"theme": "  Cozy   Friday "})
    report = (await api.get(f"/api/sessions/{session_id}/report")).text
    too_long = await api.put(f"/api/sessions/{session_id}/theme", json={"theme": "x" * 201})
    unknown = await api.put("/api/sessions/987654/theme", json={"theme": "x"})

    assert saved.json() == {"sessionId": session_id, "theme": "Cozy Friday"}
    assert report.splitlines()[0].endswith(f"Stream {DASH} Cozy Friday")
    assert too_long.status_code == 400
    assert unknown.status_code == 404
    cleared = await api.put(f"/api/sessions/{session_id}/theme", json={"theme": ""})
    assert cleared.json()["theme"] == ""


async def test_report_follows_the_owners_clock_when_it_changes(api: Api) -> None:
    session_id = ended_show(api)
    await api.put("/api/settings", json={"timezone": "America/New_York", "clock": "12h"})

    report = (await api.get(f"/api/sessions/{session_id}/report")).text

    start = next(line for line in report.splitlines() if line.startswith("Start: "))
    assert start.endswith("M (America/New_York)")


def test_cli_prints_the_latest_report_and_refuses_an_unknown_session(
    database_url: str, tmp_path: Path
) -> None:
    env = clean_environment(DATABASE_URL=database_url, MHC_DATA_DIR=str(tmp_path / ".mhc"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            mhc_command("report", *args), env=env, cwd=tmp_path, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip

    nothing = run("latest")
    assert nothing.returncode == 1
    assert "has no session yet" in nothing.stderr

    async def seed() -> int:
        async with AsyncConnectionPool(database_url, open=False) as seeded:
            await seeded.wait()
            async with seeded.connection() as conn:
                cur = await conn.execute(
                    "INSERT INTO stream_sessions (broadcaster, started_at, ended_at, status) "
                    "VALUES (%s, %s, %s, 'ENDED') RETURNING id",
                    (OWNER, SHOW_START, SHOW_START + timedelta(hours=1, minutes=5)),
                )
                row = await cur.fetchone()
                assert row is not None
                return int(row[0])

    session_id = anyio.run(seed)
    latest = run("latest")
    by_id = run(str(session_id))
    unknown = run("987654")
    wrong = run("yesterday")

    assert latest.returncode == 0, latest.stderr
    assert latest.stdout.startswith(f"S: 2026-11-20 Stream {DASH}\n")
    assert "Duration: 1h 5m" in latest.stdout
    assert by_id.stdout == latest.stdout
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "mhc: session 987654 does not exist"
    assert wrong.returncode == 1
