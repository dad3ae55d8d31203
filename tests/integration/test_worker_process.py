"""`mhc worker` as real processes against the simulator: SIGKILL at random points, a database
server restart, bursts of 5xx and 429, SIGTERM, a hot standby, `mhc worker --check`.

These tests run their own embedded PostgreSQL server, because one of them restarts it.
"""

from __future__ import annotations

import os
import pwd
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from mhc.adapters.postgres.migrations import MigrationRunner
from mhc.simulator import EVENTS, Faults, Simulator, SimulatorConfig, run_simulator

OWNER = "hudson_cage"
START = datetime(2025, 8, 16, 20, 0, tzinfo=UTC)
MHC = Path(sys.executable).with_name("mhc")
_ENV_PREFIXES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_")


@dataclass
class OwnPostgres:
    """An embedded PostgreSQL server this module may stop and start at will."""

    data_dir: Path
    url: str
    user: str | None

    def pg_ctl(self, *args: str) -> None:
        from pgserver import pg_ctl  # the same binaries the server runs on

        pg_ctl(list(args), pgdata=self.data_dir, user=self.user, timeout=30)

    def stop(self) -> None:
        """Stop the server the fast way: every session is cut."""
        self.pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self.pg_ctl(
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {self.data_dir}",
            "-l",
            str(self.data_dir / "log"),
            "start",
        )

    def restart(self, *, down_for: float) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def fresh_database(self, name: str) -> str:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # A URL, not a conninfo string: DATABASE_URL must be a postgresql:// URL.
        url = urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))
        MigrationRunner(url).up()
        return url


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[OwnPostgres]:
    import pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="mhc-worker-pg-"))
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    owner = data_dir.stat().st_uid
    user = pwd.getpwuid(owner).pw_name if owner != os.getuid() else None
    postgres = OwnPostgres(data_dir, server.get_uri(), user)
    try:
        yield postgres
    finally:
        postgres.pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def worker_db(own_postgres: OwnPostgres, request: pytest.FixtureRequest) -> str:
    return own_postgres.fresh_database(f"mhc_{request.node.name[:40]}")


class WorkerProcess:
    """One `mhc worker` process, its output in a file."""

    def __init__(self, env: dict[str, str], cwd: Path, name: str, *args: str) -> None:
        self.log_path = cwd / f"{name}.log"
        with self.log_path.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(MHC), "worker", *args], env=env, cwd=cwd, stdout=out, stderr=out
            )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self) -> tuple[int, float]:
        """SIGTERM; the exit code and how long the process took to exit."""
        asked = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(20)
        return code, time.monotonic() - asked

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


def worker_env(sim: Simulator, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env.update(
        DATABASE_URL=database_url,
        MHC_BROADCASTER=OWNER,
        CB_EVENTS_BASE_URL=sim.base_url,
        CB_EVENTS_TOKEN=sim.config.events_token,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def query(url: str, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute(statement, params).fetchall()  # type: ignore[arg-type]
    except psycopg.OperationalError:
        return []


def stored_count(url: str) -> int:
    rows = query(url, "SELECT count(*) FROM interactions")
    return int(rows[0][0]) if rows else -1


def eventually(condition: Callable[[], bool], *, within: float, what: str) -> None:
    """Poll `condition` until it holds. The limits are ceilings for a machine busy with other
    test workers: a worker that keeps up ends each wait in a second or two."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within}s")
        time.sleep(0.1)


def expected_sessions(events: list[dict[str, Any]]) -> list[int | None]:
    """For each event, the index of the broadcast it falls in (start and stop included)."""
    index, live, out = -1, False, []
    for event in events:
        if event["method"] == "broadcastStart" and not live:
            index, live = index + 1, True
        out.append(index if live else None)
        if event["method"] == "broadcastStop":
            live = False
    return out


def test_stored_interactions_equal_emitted_events_when_killed_restarted_and_faulted(
    own_postgres: OwnPostgres, worker_db: str, tmp_path: Path
) -> None:
    rng = random.Random(20250816)
    faults = Faults(
        share_5xx=0.03, share_429=0.02, retry_after=0.2, share_drop=0.02, routes=frozenset({EVENTS})
    )
    config = SimulatorConfig(seed=16, start_time=START, broadcast_length=(150, 400), faults=faults)
    with run_simulator(config) as sim:
        env = worker_env(sim, worker_db)
        sim.emit(40)
        worker = WorkerProcess(env, tmp_path, "worker_0")
        eventually(lambda: stored_count(worker_db) == 40, within=90, what="cold start replay")
        sim.set_rate(250)

        def progress(what: str) -> None:
            floor = stored_count(worker_db)
            eventually(lambda: stored_count(worker_db) > floor + 100, within=90, what=what)

        for kill in range(1, 4):
            progress("progress before a kill")
            time.sleep(rng.uniform(0.0, 0.6))
            worker.kill()
            worker = WorkerProcess(env, tmp_path, f"worker_{kill}")

        sim.fail_next(4, status=503, route=EVENTS)
        sim.fail_next(3, status=429, retry_after=0.3, route=EVENTS)
        progress("progress through 503s and 429s")
        own_postgres.restart(down_for=2.0)
        sim.fail_next(3, status=522, route=EVENTS)
        progress("recovery after the database restart")
        sim.set_rate(0)
        emitted = sim.events
        eventually(lambda: stored_count(worker_db) >= len(emitted), within=180, what="catching up")
        code, took = worker.terminate()
        statuses = {r.status for r in sim.requests(EVENTS)}

    assert code == 0, worker.output
    assert took < 10
    assert {503, 429, 522} <= statuses
    assert len(emitted) > 1500
    stored = query(
        worker_db,
        "SELECT i.source_event_id, i.metadata->'raw', i.stream_session_id, p.username "
        "FROM interactions i JOIN persons p ON p.id = i.person_id",
    )
    by_id = {row[0]: row for row in stored}
    assert len(stored) == len(by_id) == len(emitted)
    assert all(by_id[e["id"]][1] == e for e in emitted)
    sessions = [row[0] for row in query(worker_db, "SELECT id FROM stream_sessions ORDER BY id")]
    assert len(sessions) == sum(e["method"] == "broadcastStart" for e in emitted)
    for event, broadcast in zip(emitted, expected_sessions(emitted), strict=True):
        linked = by_id[event["id"]][2]
        assert linked == (None if broadcast is None else sessions[broadcast]), event
    cursor = query(worker_db, "SELECT last_event_id FROM events_cursor")
    assert cursor == [(emitted[-1]["id"],)]


def test_worker_exits_zero_within_ten_seconds_and_check_reports_it_when_sent_sigterm(
    worker_db: str, tmp_path: Path
) -> None:
    config = SimulatorConfig(seed=3, start_time=START)
    with run_simulator(config) as sim:
        env = worker_env(sim, worker_db)
        sim.emit(25)
        worker = WorkerProcess(env, tmp_path, "worker")
        eventually(lambda: stored_count(worker_db) == 25, within=90, what="first batch")
        sim.set_rate(300)
        time.sleep(0.5)
        code, took = worker.terminate()
        sim.set_rate(0)
        check = subprocess.run(
            [str(MHC), "worker", "--check"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=90,
        )

    assert code == 0, worker.output
    assert took < 10
    output = worker.output
    assert output.count("CB_STATS_TOKEN is not set") == 1
    assert output.count("STATBATE_API_TOKEN is not set") == 1
    assert sim.config.events_token not in output
    # The cursor names the last stored event: what was fetched but not stored is fetched again.
    stored = [row[0] for row in query(worker_db, "SELECT source_event_id FROM interactions")]
    newest = max(stored, key=lambda i: tuple(int(part) for part in i.split("-")))
    assert query(worker_db, "SELECT last_event_id FROM events_cursor") == [(newest,)]
    assert check.returncode == 0, check.stdout + check.stderr
    assert "last poll:" in check.stdout
    assert "status: ok" in check.stdout


def test_second_worker_waits_as_hot_standby_and_takes_over_when_the_first_is_killed(
    worker_db: str, tmp_path: Path
) -> None:
    config = SimulatorConfig(seed=4, start_time=START)
    with run_simulator(config) as sim:
        env = worker_env(sim, worker_db)
        sim.emit(20)
        first = WorkerProcess(env, tmp_path, "first")
        eventually(lambda: stored_count(worker_db) == 20, within=90, what="first worker")
        second = WorkerProcess(env, tmp_path, "second")
        eventually(
            lambda: "standing by" in second.output, within=90, what="second worker standing by"
        )
        writers_before = query(worker_db, "SELECT count(DISTINCT worker_id) FROM worker_heartbeat")
        first.kill()
        sim.emit(30)
        eventually(lambda: stored_count(worker_db) == 50, within=90, what="takeover")
        code, _ = second.terminate()

    assert writers_before == [(1,)]
    assert code == 0
    assert "consuming the Events API" in second.output
    ids = query(worker_db, "SELECT count(DISTINCT source_event_id) FROM interactions")
    assert ids == [(50,)]


def stopped_in_trouble(
    worker_db: str,
    tmp_path: Path,
    *,
    seed: int,
    trouble: Callable[[], AbstractContextManager[None]],
    troubled: Callable[[WorkerProcess], bool],
    what: str,
) -> tuple[int, float, str]:
    """A worker stores 30 events; in `trouble`, 30 more come and, once `troubled`, it is sent
    SIGTERM; a second worker must then store all 60, once each. The first one's exit code, how
    long it took to exit, and its output."""
    with run_simulator(SimulatorConfig(seed=seed, start_time=START)) as sim:
        env = worker_env(sim, worker_db)
        sim.emit(30)
        first = WorkerProcess(env, tmp_path, "first")
        eventually(lambda: stored_count(worker_db) == 30, within=90, what="first batch")
        with trouble():
            sim.emit(30)
            eventually(lambda: troubled(first), within=90, what=what)
            code, took = first.terminate()
        second = WorkerProcess(env, tmp_path, "second")
        eventually(lambda: stored_count(worker_db) == 60, within=90, what="the fetch again")
        second.terminate()
        emitted = [e["id"] for e in sim.events]

    stored = [row[0] for row in query(worker_db, "SELECT source_event_id FROM interactions")]
    assert sorted(stored) == sorted(emitted)
    return code, took, first.output


def test_worker_exits_in_time_and_the_next_one_stores_everything_when_a_commit_stalls(
    own_postgres: OwnPostgres, worker_db: str, tmp_path: Path
) -> None:
    @contextmanager
    def interactions_locked() -> Iterator[None]:
        # Rows may be read but not added: the next batch waits on the lock, mid-transaction.
        with psycopg.connect(worker_db) as blocker:
            blocker.execute("LOCK TABLE interactions IN EXCLUSIVE MODE")
            yield
            blocker.rollback()

    def waiting_on_the_lock(_: WorkerProcess) -> bool:
        return bool(
            query(
                worker_db,
                "SELECT 1 FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()",
            )
        )

    code, took, output = stopped_in_trouble(
        worker_db,
        tmp_path,
        seed=7,
        trouble=interactions_locked,
        troubled=waiting_on_the_lock,
        what="the worker's batch waiting on the lock",
    )

    assert code == 0, output
    assert took < 10
    assert "not stored: the cursor did not move" in output
    assert "query cancellation interrupted" not in output


def test_worker_exits_in_time_and_the_next_one_stores_everything_when_the_database_is_down(
    own_postgres: OwnPostgres, worker_db: str, tmp_path: Path
) -> None:
    @contextmanager
    def database_down() -> Iterator[None]:
        own_postgres.stop()
        try:
            yield
        finally:
            own_postgres.start()

    code, took, output = stopped_in_trouble(
        worker_db,
        tmp_path,
        seed=6,
        trouble=database_down,
        troubled=lambda first: "nothing acknowledged" in first.output,
        what="the worker pausing on the database outage",
    )

    assert code == 0, output
    assert took < 10
    assert "nothing acknowledged" in output
