"""`mhc run` (web and worker under one command) and `mhc` with RUN_MODE, as real processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
from tests.processes import clean_environment, free_port, mhc_command

PASSWORD = "lantern-harbour-19"
STOPS_WITHIN_SECONDS = 10.0
WORKER_RUNNING = "Events API ingestion waits for a token"


def _answers(probe: httpx.Client, url: str) -> bool:
    try:
        return probe.get(f"{url}/api/health").status_code == 200
    except httpx.HTTPError:
        return False


def test_run_serves_and_stops_web_and_worker_cleanly_when_ctrl_c_is_pressed(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = clean_environment(DATABASE_URL=database_url, MHC_ADMIN_PASSWORD=PASSWORD, PORT=str(port))
    err_path = tmp_path / "run.err"
    with httpx.Client(timeout=1) as probe:
        with err_path.open("wb") as err:
            proc = subprocess.Popen(
                mhc_command("run"), env=env, cwd=tmp_path, stderr=err, start_new_session=True
            )
        try:
            deadline = time.monotonic() + 120
            # Both children up: the web answers and the worker has reached its ingestion loop
            # (with no Events API token it says so), so Ctrl-C meets their own signal handling.
            while not (_answers(probe, url) and WORKER_RUNNING in err_path.read_text()):
                assert proc.poll() is None, err_path.read_text()
                assert time.monotonic() < deadline, err_path.read_text()
                time.sleep(0.1)

            started = time.monotonic()
            os.killpg(proc.pid, signal.SIGINT)
            code = proc.wait(timeout=30)
            took = time.monotonic() - started
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

        log = err_path.read_text()
        assert code == 0, log
        assert took < STOPS_WITHIN_SECONDS
        assert "worker stopped" in log
        assert "Finished server process" in log
        assert "Traceback" not in log
        assert not _answers(probe, url)


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
