"""`mhc simulate` as an operator runs it: a process that prints where it listens and how to
point the panel at it, serves until Ctrl-C, then stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


@pytest.fixture
def simulate_process(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    command = [sys.executable, "-m", "mhc.entrypoints.cli", "simulate", "--port", "0"]
    command += ["--seed", "2", "--events-per-second", "20", "--fault-5xx", "0.1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CB_", "STATBATE_"))}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
        # Ctrl-C as a shell delivers it: a signal disposition the test process was left with
        # (an ignored SIGINT is inherited) must not decide whether the simulator hears it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)


def test_simulate_prints_the_environment_and_serves_until_interrupted(
    simulate_process: subprocess.Popen[str],
) -> None:
    assert simulate_process.stdout is not None
    lines = []
    for line in simulate_process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl-C"):
            break
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in lines if line.startswith("export ")
    )
    assert set(exports) == {
        "MHC_BROADCASTER",
        "CB_EVENTS_BASE_URL",
        "CB_EVENTS_TOKEN",
        "CB_STATS_BASE_URL",
        "CB_STATS_TOKEN",
        "STATBATE_API_BASE_URL",
        "STATBATE_API_TOKEN",
        "STATBATE_PLUS_BASE_URL",
        "STATBATE_PLUS_SESSION_COOKIE",
        "STATBATE_PLUS_XSRF_TOKEN",
        "MHC_PUSHOVER_BASE_URL",
        "MHC_PUSHOVER_TOKEN",
        "MHC_PUSHOVER_USER",
    }
    base = exports["CB_EVENTS_BASE_URL"]
    assert lines[0] == f"Simulator of Chaturbate and Statbate listening on {base}"
    url = f"{base}/events/{exports['MHC_BROADCASTER']}/{exports['CB_EVENTS_TOKEN']}/"
    with httpx.Client(timeout=10) as http:
        answers = [http.get(url, params={"timeout": 2}) for _ in range(10)]
    served = [a for a in answers if a.status_code == 200]
    assert served
    assert any(a.json()["events"] for a in served)
    simulate_process.send_signal(signal.SIGINT)
    assert simulate_process.wait(10) == 0
    assert simulate_process.stdout.read().strip() == "stopped"
