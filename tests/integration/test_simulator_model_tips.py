"""The simulator's room tip history (`/model/{site}/{name}/tips`): valid against the OpenAPI
file, newest first, paged, and true to the tips the room received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from tests.integration.test_simulator_statbate import assert_valid

from mhc.simulator import Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
PATH = "/model/{site}/{name}/tips"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=13, start_time=START)) as simulator:
        simulator.emit(400)
        yield simulator


@pytest.fixture(scope="module")
def api(sim: Simulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sim.config.statbate_token}"}
    with httpx.Client(base_url=sim.statbate_api_base_url, headers=headers) as client:
        yield client


def test_room_tips_match_the_schema_and_the_room_newest_first_when_paged(
    sim: Simulator, api: httpx.Client
) -> None:
    pages = []
    number = 1
    while True:
        answer = api.get(
            "/model/chaturbate/hudson_cage/tips", params={"page": number, "per_page": 50}
        )
        assert answer.status_code == 200
        body = assert_valid(PATH, "get", answer)
        pages.append(body)
        if number >= body["meta"]["pagination"]["last_page"]:
            break
        number += 1
    tips = [tip for page in pages for tip in page["data"]]
    room = sim.world.room_tips()
    assert pages[0]["meta"]["pagination"]["total"] == len(room) == len(tips)
    assert [datetime.fromisoformat(t["time"]) for t in tips] == sorted(
        (datetime.fromisoformat(t["time"]) for t in tips), reverse=True
    )
    assert sum(t["tokens"] for t in tips) == sum(tip.tokens for tip in room)
    tipper = sim.world.viewers[tips[0]["name"]]
    assert tips[0]["did"] == tipper.did


def test_room_tips_keep_to_the_range_and_answer_404_for_an_unknown_model_when_asked(
    sim: Simulator, api: httpx.Client
) -> None:
    answer = api.get(
        "/model/chaturbate/hudson_cage/tips",
        params={"range[0]": "2025-12-20 00:00:00", "range[1]": "2025-12-31 23:59:59"},
    )
    body = assert_valid(PATH, "get", answer)
    start, end = datetime(2025, 12, 20, tzinfo=UTC), datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
    expected = [tip for tip in sim.world.room_tips() if start <= tip.at <= end]
    assert body["meta"]["pagination"]["total"] == len(expected)
    assert body["meta"]["range"] == ["2025-12-20T00:00:00+00:00", "2025-12-31T23:59:59+00:00"]
    missing = api.get("/model/chaturbate/not_a_model_99/tips")
    assert (missing.status_code, missing.json()) == (404, {"error": "Model not found"})
