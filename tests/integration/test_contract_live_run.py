"""`make test-live`'s command as the owner runs it (a pytest process with --live): every live
test skipped with its variable when no token is set, and the drift reported and failing when the
service it reads (the simulator standing in for the real one) has changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mhc.simulator import EVENTS, STATBATE, Simulator, SimulatorConfig, run_simulator

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
_SETTINGS_PREFIXES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_")


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=31, start_time=START)) as simulator:
        simulator.emit(300)
        yield simulator


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS_PREFIXES)}
    env.update(extra)
    return env


def member_of(sim: Simulator) -> str:
    return next(
        v.username
        for v in sim.world.viewers.values()
        if v.known_to_statbate and v.tips and v.username != "smk_lover"
    )


def live_run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`make test-live`'s command, writing its report into tmp_path."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/contracts/test_service_contracts.py",
            "--live",
            "-p",
            "no:cacheprovider",
            # Plugins these tests do not use: the process starts in half the time without them.
            "-p",
            "no:schemathesis",
            "-p",
            "no:hypothesispytest",
            "-rs",
            "--drift-report",
            str(tmp_path / "report.md"),
        ],
        env=clean_env(**env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_live_test_is_skipped_with_its_variable_when_no_token_is_set(
    tmp_path: Path,
) -> None:
    run = live_run(tmp_path)

    assert run.returncode == 0, run.stdout
    assert "12 skipped" in run.stdout
    assert "passed" not in run.stdout.splitlines()[-1]
    for reason in (
        "needs CB_EVENTS_TOKEN",
        "needs CB_STATS_TOKEN",
        "needs STATBATE_API_TOKEN",
        "needs STATBATE_PLUS_SESSION_COOKIE and STATBATE_PLUS_XSRF_TOKEN",
    ):
        assert reason in run.stdout
    assert "12 skipped." in (tmp_path / "report.md").read_text()


def test_the_live_run_reports_drift_and_fails_when_the_service_it_reads_has_changed(
    sim: Simulator, tmp_path: Path
) -> None:
    sim.drift_answers(STATBATE, add={"data.loyalty_score": 7})
    sim.drift_answers(EVENTS, remove=("nextUrl",))
    try:
        run = live_run(tmp_path, MHC_LIVE_MEMBER=member_of(sim), **sim.environment())
    finally:
        sim.drift_answers(STATBATE)
        sim.drift_answers(EVENTS)

    report = (tmp_path / "report.md").read_text()
    assert run.returncode == 1
    assert "5 failed, 7 passed" in run.stdout
    assert "12 endpoint check(s), 7 matching the contract, 5 with drift, 0 skipped." in report
    assert "| unknown field | `$.data.loyalty_score` | 1 | not in the contract" in report
    assert "| missing field | `$.nextUrl` | 1 | required string, absent |" in report
    assert sim.config.statbate_token not in report + run.stdout
