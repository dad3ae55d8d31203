"""`mhc statbate ...`, `mhc cb-stats`, `mhc snapshot capture`, `mhc chat import` against the
simulator, run in-process the way a shell runs them (settings from the environment)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from psycopg.conninfo import conninfo_to_dict

from mhc.entrypoints.cli import main
from mhc.simulator import Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Simulator]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with run_simulator(SimulatorConfig(seed=19, start_time=START)) as simulator:
        simulator.emit(200)
        for name, value in simulator.environment().items():
            monkeypatch.setenv(name, value)
        yield simulator


def as_url(conninfo: str) -> str:
    """DATABASE_URL must be a postgresql:// URL; the test fixture gives key=value conninfo."""
    params = conninfo_to_dict(conninfo)
    user, dbname = params.pop("user", "postgres"), params.pop("dbname")
    return f"postgresql://{user}@/{dbname}?{urlencode(params)}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err.strip().splitlines()


def test_member_info_prints_raw_and_normalised_json_when_the_member_is_known(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    tipper = sim.world.with_habit("big_tipper")[0]
    code, body, err = run(capsys, "statbate", "member-info", tipper.username)
    assert code == 0
    assert err == []
    assert body["source"] == "statbate_member"
    assert body["normalized"]["did"] == tipper.did
    assert body["raw"]["data"]["name"] == tipper.username


def test_model_info_and_cb_stats_print_json_when_the_services_answer(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, model, _ = run(capsys, "statbate", "model-info", "hudson_cage", "--since", "2025-12-01")
    assert code == 0
    assert model["normalized"]["rid"] == sim.world.models["hudson_cage"].rid
    assert model["raw"]["meta"]["range"][0] == "2025-12-01T00:00:00+00:00"
    code, stats, _ = run(capsys, "cb-stats")
    assert code == 0
    assert stats["name"] == "hudson_cage"
    assert stats["normalized"]["votes_up"] == sim.world.votes_up


def test_failure_is_one_line_without_the_secret_when_the_token_is_refused(
    sim: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATBATE_API_TOKEN", "operators-real-token-123")
    code, body, err = run(capsys, "statbate", "model-info", "hudson_cage")
    assert code == 1
    assert body is None
    assert err == ["mhc: statbate: credentials refused (HTTP 401); check or renew them"]


def test_excluded_and_unknown_names_fail_with_one_line_when_asked_about(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "statbate", "member-info", "smk_lover")
    assert (code, err) == (1, ["mhc: smk_lover is excluded and is never sent to Statbate"])
    code, _, err = run(capsys, "statbate", "member-info", "nobody_like_this_42")
    assert (code, err) == (1, ["mhc: statbate: member nobody_like_this_42 not found on chaturbate"])
    assert sim.requests("statbate")[-1].path.endswith("/nobody_like_this_42/info")
    assert all("smk_lover" not in r.path for r in sim.requests("statbate"))


def test_capture_and_chat_import_store_into_the_database_when_it_is_configured(
    sim: Simulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", as_url(database_url))
    capture_model = ("snapshot", "capture", "hudson_cage", "--source", "statbate_model")
    code, member, _ = run(capsys, *capture_model)
    assert code == 0
    assert member["outcome"] == "captured"
    assert member["snapshot"]["normalized_metrics"]["rid"] == sim.world.models["hudson_cage"].rid
    code, own, _ = run(capsys, "snapshot", "capture", "--source", "cb_stats")
    assert code == 0
    assert own["snapshot"]["source"] == "cb_stats"
    code, first, _ = run(capsys, "chat", "import", "hudson_cage")
    code_again, again, _ = run(capsys, "chat", "import", "hudson_cage")
    assert (code, code_again) == (0, 0)
    assert first["stored"] == first["fetched"] > 0
    assert again["stored"] == 0


def test_capture_refuses_another_room_when_the_source_is_cb_stats(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "snapshot", "capture", "luna_skye", "--source", "cb_stats")
    assert code == 1
    assert err == [
        "mhc: the Stats API only serves the broadcaster (hudson_cage, set by MHC_BROADCASTER)"
    ]
