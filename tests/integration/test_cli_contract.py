"""`mhc contract record|check|list` against the simulator, run in-process the way a shell runs
them (settings from the environment, output on stdout, one line on stderr on failure)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mhc.entrypoints.cli import main
from mhc.simulator import Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
_SETTINGS_PREFIXES = ("MHC_", "CB_", "STATBATE_", "DATABASE_URL", "RUN_MODE", "LOG_")


@pytest.fixture(scope="module")
def running() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=31, start_time=START)) as simulator:
        simulator.emit(300)
        yield simulator


@pytest.fixture
def sim(running: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Simulator:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(_SETTINGS_PREFIXES):
            monkeypatch.delenv(name)
    for name, value in running.environment().items():
        monkeypatch.setenv(name, value)
    return running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["contract", *argv])
    out, err = capsys.readouterr()
    return code, out, err.strip()


def member_of(sim: Simulator) -> str:
    return next(
        v.username
        for v in sim.world.viewers.values()
        if v.known_to_statbate and v.tips and v.username != "smk_lover"
    )


def test_a_recorded_answer_is_masked_and_checks_clean_when_the_service_keeps_its_contract(
    sim: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "payloads" / "cb_events" / "events.json"

    recorded = run(capsys, "record", "cb_events", "events", "--out", str(out))
    checked = run(capsys, "check", str(out))

    assert recorded[0] == 0, recorded
    text = out.read_text()
    assert sim.config.events_token not in text + recorded[2]
    document = json.loads(text)
    assert (document["service"], document["name"], document["status"]) == (
        "cb_events",
        "events",
        200,
    )
    assert document["body"]["nextUrl"].startswith(f"{sim.base_url}/events/hudson_cage/***/?i=")
    assert len(document["body"]["events"]) == 100
    assert checked[0] == 0, checked
    assert "Matches the contract." in checked[1]


def test_names_are_replaced_when_recorded_with_pseudonymise(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    member = member_of(sim)

    code, out, err = run(capsys, "record", "statbate", "member-info", member, "--pseudonymise")

    assert code == 0, err
    body = json.loads(out)["body"]
    assert member not in out
    assert body["data"]["name"] == "person_1"
    assert sim.config.statbate_token not in out


def test_check_prints_the_drift_and_exits_1_when_a_recorded_answer_drifted(
    sim: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "stats.json"
    run(capsys, "record", "cb_stats", "stats", "--out", str(out))
    document = json.loads(out.read_text())
    document["body"]["rank"] = 12
    out.write_text(json.dumps(document))

    code, report, _ = run(capsys, "check", str(out))

    assert code == 1
    assert "| unknown field | `$.rank` | 1 | not in the contract (came as integer) |" in report


def test_recording_refuses_with_one_line_when_a_credential_or_a_name_is_missing(
    sim: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    without_name = run(capsys, "record", "statbate", "member-tips")
    excluded = run(capsys, "record", "statbate", "member-info", "smk_lover")
    monkeypatch.delenv("CB_STATS_TOKEN")
    without_token = run(capsys, "record", "cb_stats", "stats")

    assert without_name == (1, "", "mhc: member-tips needs a member's name")
    assert excluded == (1, "", "mhc: smk_lover is excluded and is never sent to Statbate")
    assert without_token == (1, "", "mhc: recording stats needs CB_STATS_TOKEN")


def test_list_names_every_endpoint_and_what_it_needs_when_asked(
    sim: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CB_STATS_TOKEN")

    code, out, _ = run(capsys, "list")

    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 12
    assert "cb_stats stats  (GET /statsapi/; needs CB_STATS_TOKEN)" in lines
    assert "statbate member-info NAME  (GET /members/{site}/{name}/info; ready)" in lines
