"""`mhc backfill ...` and `mhc chat import`: progress lines on stderr (no terminal here, so plain
lines), the final record as JSON on stdout, every run kept in the table.

The progress tests run `mhc` as a shell does, in a process of its own; the rest call the CLI's
`main` in-process, the way a shell would pass the arguments, which is quicker."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import open_api
from tests.timing import wait_until

from mhc.entrypoints.cli import main
from mhc.entrypoints.commands.backfill import EXIT_CANCELLED
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Iterator[Simulator]:
    monkeypatch.chdir(tmp_path)
    with run_simulator(SimulatorConfig(seed=19, start_time=START)) as simulator:
        for name, value in {**simulator.environment(), "DATABASE_URL": database_url}.items():
            monkeypatch.setenv(name, value)
        yield simulator


def mhc_process(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`mhc ARGV` in a process of its own, which inherits the test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "mhc.entrypoints.cli", *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def mhc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err.strip().splitlines()


def test_snapshots_print_progress_lines_and_the_finished_record_when_run_from_a_shell(
    sim: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    known = sorted(n for n, v in sim.world.viewers.items() if v.tips and n != "smk_lover")[:3]
    run = mhc_process(tmp_path, "backfill", "snapshots", *known, "nobody_like_this_42")
    assert run.returncode == 0, run.stderr
    header, first, last = run.stderr.splitlines()
    assert header == f"backfill 1: Statbate snapshots of 4 names ({', '.join(known)} and 1 more)"
    assert first == "[----------] 0/4 names"
    assert last.startswith("[##########] 4/4 names")
    record = json.loads(run.stdout)
    assert (record["status"], record["origin"], record["total"], record["done"]) == (
        "done",
        "cli",
        4,
        4,
    )
    assert record["summary"] == {"captured": 3, "not_found": 1}
    assert record["worker_id"].startswith("cli@")

    code, listed, _ = mhc(capsys, "backfill", "list")
    assert code == 0
    assert [(item["id"], item["status"]) for item in listed["items"]] == [(1, "done")]


def test_chat_import_shows_progress_and_answers_as_before_when_run_twice(
    sim: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = len(sim.world.chat_lines)
    first = mhc_process(tmp_path, "chat", "import", "hudson_cage")
    assert first.returncode == 0, first.stderr
    progress = first.stderr.splitlines()
    assert progress[0] == "backfill 1: Chat history of hudson_cage"
    assert progress[-1].startswith(f"[##########] {lines}/{lines} messages")
    answer = json.loads(first.stdout)
    assert answer == {**answer, "model": "hudson_cage", "fetched": lines, "stored": lines}

    code, again, err = mhc(capsys, "chat", "import", "hudson_cage")
    assert code == 0
    assert again == {**answer, "stored": 0}
    assert err[0] == "backfill 2: Chat history of hudson_cage"


def test_a_failed_backfill_exits_one_with_one_line_without_the_secret_when_refused(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.revoke_tokens()
    code, record, err = mhc(capsys, "backfill", "tips", "--since", "2025-12-01")
    assert code == 1
    assert err[0] == "backfill 1: Tip history of hudson_cage from 2025-12-01"
    assert err[-1] == (
        "mhc: backfill 1 failed: statbate: credentials refused (HTTP 401); check or renew them"
    )
    assert record["status"] == "failed"
    assert sim.config.statbate_token not in "\n".join(err) + json.dumps(record)


def test_bad_requests_fail_before_anything_is_recorded_when_they_are_wrong(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = mhc(capsys, "backfill", "snapshots", "a_1", "--watchlist", "Friends")
    assert (code, err) == (1, ["mhc: give either names or --watchlist NAME"])
    code, _, err = mhc(capsys, "backfill", "snapshots", "--watchlist", "Nobody")
    assert (code, err) == (1, ["mhc: watchlist Nobody does not exist"])
    code, _, err = mhc(capsys, "backfill", "tips", "--since", "2026-01-03", "--until", "2026-01-02")
    assert (code, err) == (1, ["mhc: since must be earlier than until"])
    code, listed, _ = mhc(capsys, "backfill", "list")
    assert listed["total"] == 0


async def test_a_run_cancelled_from_the_panel_stops_and_exits_three_when_run_from_a_shell(
    sim: Simulator, tmp_path: Path, database_url: str, pool: AsyncConnectionPool
) -> None:
    names = [f"quiet_viewer_{n}" for n in range(1000)]
    # Ten chunks of a hundred names, each call slow enough to cancel between them.
    sim.set_faults(latency=0.3, routes=frozenset({STATBATE}))
    finished: list[subprocess.CompletedProcess[bytes]] = []

    async def run_in_a_shell() -> None:
        command = [sys.executable, "-m", "mhc.entrypoints.cli", "backfill", "snapshots", *names]
        finished.append(await anyio.run_process(command, cwd=tmp_path, check=False))

    with anyio.fail_after(60):
        async with open_api(database_url, simulator=sim) as api, anyio.create_task_group() as tg:
            tg.start_soon(run_in_a_shell)

            async def one_chunk_done() -> bool:
                async with pool.connection() as conn:
                    row = await (await conn.execute("SELECT done FROM backfills")).fetchone()
                return row is not None and row[0] > 0

            await wait_until(one_chunk_done, within=50, every=0.02, what="the first chunk")
            answer = await api.post("/api/backfills/1/cancel")
    (run,) = finished
    out, err = run.stdout.decode(), run.stderr.decode()
    assert answer.status_code == 202
    record = json.loads(out)
    assert record["status"] == "cancelled"
    assert 0 < record["done"] < 1000
    assert run.returncode == EXIT_CANCELLED == 3
    assert err.splitlines()[-1] == (
        f"mhc: backfill 1 cancelled from the panel after {record['done']}/1000 names"
    )
