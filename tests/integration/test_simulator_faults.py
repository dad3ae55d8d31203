"""The simulator's fault injection: shares drawn from the seed, routes, latency, queued faults."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from mhc.simulator import EVENTS, STATBATE, Faults, Simulator, SimulatorConfig, run_simulator

START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


def statbate_statuses(sim: Simulator, count: int) -> list[int]:
    headers = {"Authorization": f"Bearer {sim.config.statbate_token}"}
    with httpx.Client(base_url=sim.statbate_api_base_url, headers=headers) as http:
        return [http.get("/model/chaturbate/hudson_cage/info").status_code for _ in range(count)]


def test_shares_of_failures_repeat_exactly_when_the_seed_is_the_same() -> None:
    faults = Faults(share_5xx=0.3, share_429=0.2)
    config = SimulatorConfig(seed=8, start_time=START, faults=faults)
    with run_simulator(config) as first, run_simulator(config) as second:
        statuses = statbate_statuses(first, 60)
        assert statbate_statuses(second, 60) == statuses
    failed = [status for status in statuses if status != 200]
    assert 15 <= len(failed) <= 45
    assert 429 in failed
    assert {status for status in failed if status != 429} <= set(faults.statuses_5xx)


@pytest.fixture
def sim_with_statbate_down() -> Iterator[Simulator]:
    faults = Faults(share_5xx=1.0, statuses_5xx=(503,), routes=frozenset({STATBATE}))
    with run_simulator(SimulatorConfig(seed=8, start_time=START, faults=faults)) as simulator:
        yield simulator


def test_faults_spare_other_routes_when_limited_to_one(sim_with_statbate_down: Simulator) -> None:
    sim = sim_with_statbate_down
    assert set(statbate_statuses(sim, 5)) == {503}
    with httpx.Client() as http:
        url = f"{sim.base_url}/events/hudson_cage/{sim.config.events_token}/"
        assert http.get(url, params={"timeout": 0}).status_code == 200
    assert [r.fault for r in sim.requests(EVENTS)] == [None]


def test_latency_holds_every_answer_back_when_set_at_runtime() -> None:
    with run_simulator(SimulatorConfig(seed=8, start_time=START)) as sim:
        sim.set_faults(latency=0.1)
        started = time.monotonic()
        statbate_statuses(sim, 2)
        assert time.monotonic() - started >= 0.2
        assert sim.faults.latency == 0.1


def test_queued_failures_hit_only_their_route_when_a_route_is_named() -> None:
    with run_simulator(SimulatorConfig(seed=8, start_time=START)) as sim:
        sim.fail_next(2, status=521, route=EVENTS)
        assert statbate_statuses(sim, 2) == [200, 200]
        with httpx.Client() as http:
            url = f"{sim.base_url}/events/hudson_cage/{sim.config.events_token}/"
            codes = [http.get(url, params={"timeout": 0}).status_code for _ in range(3)]
        assert codes == [521, 521, 200]


def test_dropped_answer_breaks_the_connection_mid_body_when_a_drop_is_queued() -> None:
    with run_simulator(SimulatorConfig(seed=8, start_time=START)) as sim, httpx.Client() as http:
        sim.drop_next(1)
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(f"{sim.base_url}/statsapi/", params={"username": "hudson_cage"})
        response = http.get(f"{sim.base_url}/statsapi/", params={"username": "hudson_cage"})
        assert response.status_code == 401
