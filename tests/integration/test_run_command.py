"""`mhc run` (web and worker under one command) and `mhc` with RUN_MODE, as real processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from tests.processes import answers_health, clean_environment, free_port, mhc_command

PASSWORD = "lantern-harbour-19"
STOPS_WITHIN_SECONDS = 10.0
WORKER_RUNNING = "Events API ingestion waits for a token"


@dataclass(frozen=True)
class Run:
    """`mhc run` with both children up, and a client to probe its web."""

    proc: subprocess.Popen[bytes]
    err_path: Path
    probe: httpx.Client
    url: str

    def log(self) -> str:
        return self.err_path.read_text()

    def assert_both_stopped_cleanly(self) -> None:
        log = self.log()
        assert "worker stopped" in log
        assert "Finished server process" in log
        assert "Traceback" not in log
        assert not answers_health(self.probe, self.url)


@pytest.fixture
def run(database_url: str, tmp_path: Path) -> Iterator[Run]:
    """`mhc run` in a session of its own, once the web answers and the worker has reached its
    ingestion loop (with no Events API token it says so), so that a signal meets their own
    handling. Killed with its group if it is still running at the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = clean_environment(DATABASE_URL=database_url, MHC_ADMIN_PASSWORD=PASSWORD, PORT=str(port))
    err_path = tmp_path / "run.err"
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            mhc_command("run"), env=env, cwd=tmp_path, stderr=err, start_new_session=True
        )
    with httpx.Client(timeout=1) as probe:
        try:
            deadline = time.monotonic() + 120
            while not (answers_health(probe, url) and WORKER_RUNNING in err_path.read_text()):
                assert proc.poll() is None, err_path.read_text()
                assert time.monotonic() < deadline, err_path.read_text()
                time.sleep(0.1)
            yield Run(proc, err_path, probe, url)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _stat(int(entry.name))[1:2] == [str(pid)]
    ]


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has)."""
    return _stat(pid)[:1] not in ([], ["Z"])


def _stat(pid: int) -> list[str]:
    """The state and the parent of `pid` from /proc ([] once it is gone)."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split())[:2]
    except (FileNotFoundError, ProcessLookupError):
        return []


def test_run_serves_and_stops_web_and_worker_cleanly_when_ctrl_c_is_pressed(run: Run) -> None:
    started = time.monotonic()
    os.killpg(run.proc.pid, signal.SIGINT)
    code = run.proc.wait(timeout=30)
    took = time.monotonic() - started

    assert code == 0, run.log()
    assert took < STOPS_WITHIN_SECONDS
    run.assert_both_stopped_cleanly()


def test_web_and_worker_stop_cleanly_on_their_own_when_run_is_killed(run: Run) -> None:
    children = _children(run.proc.pid)
    assert len(children) == 2
    # What the out-of-memory killer would do: the children are left without their parent.
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait()
    started = time.monotonic()
    try:
        while any(_running(child) for child in children):
            assert time.monotonic() - started < STOPS_WITHIN_SECONDS, run.log()
            time.sleep(0.1)
    finally:
        for child in filter(_running, children):
            os.kill(child, signal.SIGKILL)

    run.assert_both_stopped_cleanly()


def test_run_exits_non_zero_and_stops_the_worker_when_the_web_cannot_start(
    database_url: str, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = clean_environment(DATABASE_URL=database_url, PORT=str(port))

        done = subprocess.run(
            mhc_command("run"), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )

    assert done.returncode != 0
    assert "worker stopped" in done.stderr


def test_mhc_runs_the_process_named_by_run_mode_when_no_command_is_given(
    empty_database_url: str, tmp_path: Path
) -> None:
    env = clean_environment(DATABASE_URL=empty_database_url, RUN_MODE="migrate")

    done = subprocess.run(
        mhc_command(), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("applied ")
    assert "_create_persons.sql" in done.stdout
