"""Contract drift in production: the simulator's answers and events drift the way real services
do (an extra field, a missing one, a changed type, an unknown method); the worker and the
clients keep every piece of data, count the drift, and the panel shows it (GET /api/drift,
`mhc worker --check`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.integration.http_app import open_api
from tests.timing import WAIT_SECONDS, wait_until

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.postgres.drift import PostgresDriftLog
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.ingestion import PostgresIngestionStore
from mhc.adapters.postgres.worker_state import PostgresHeartbeats, PostgresLeases
from mhc.adapters.resilience import build_http_client
from mhc.adapters.statbate.plus import StatbatePlusSession
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.errors import ExternalServiceError
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning
from mhc.ports.connections import fixed_secret
from mhc.services.drift import ContractDriftReporter
from mhc.services.ingestor import EventsIngestor
from mhc.simulator import (
    EVENTS,
    PLUS,
    STATBATE,
    STATS,
    Simulator,
    SimulatorConfig,
    run_simulator_async,
)

OWNER = "hudson_cage"
START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
MHC = Path(sys.executable).with_name("mhc")
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    lease_check_seconds=0.1,
    heartbeat_seconds=0.2,
    shutdown_grace_seconds=3.0,
)
VIEWER = {
    "username": "big_tipper_77",
    "inFanclub": False,
    "hasTokens": True,
    "isMod": False,
    "gender": "m",
    "subgender": "",
    "recentTips": "some",
}


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimulatorConfig(seed=23, start_time=START, broadcast_length=(400, 600))
    async with run_simulator_async(config) as running:
        yield running


async def rows(pool: AsyncConnectionPool, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    async with pool.connection() as conn:
        cur = await conn.execute(sql, params)
        return await cur.fetchall()


async def wait_for(condition: Callable[[], Any], *, within: float = WAIT_SECONDS) -> None:
    await wait_until(condition, within=within)


async def run_worker_until_stored(pool: AsyncConnectionPool, sim: Simulator) -> None:
    """The worker's real ingestion loop, from the first event, until every event is stored."""
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO events_cursor (broadcaster, last_event_id, timeout_seconds) "
            "VALUES (%s, '0-0', 1)",
            (OWNER,),
        )
    drift = ContractDriftReporter(PostgresDriftLog(pool))
    stop = StopSignal(grace_seconds=3)
    async with build_http_client() as client:
        worker = EventsIngestor(
            broadcaster=OWNER,
            exclusion=ExclusionPolicy(["smk_lover"]),
            store=PostgresIngestionStore(pool),
            leases=PostgresLeases(pool),
            heartbeats=PostgresHeartbeats(pool),
            failure_log=PostgresFailureLog(pool),
            feed_for=lambda token: ChaturbateEventsFeed(
                client, broadcaster=OWNER, token=token, base_url=sim.base_url, drift=drift
            ),
            token_source=fixed_secret(sim.config.events_token),
            stop=stop,
            worker_id="drift_test:1",
            tuning=FAST,
            drift=drift,
        )

        async def all_stored() -> bool:
            stored = await rows(pool, "SELECT count(*) FROM interactions")
            return bool(stored[0][0] == len(sim.events))

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(worker.run)
            await wait_for(all_stored)
            stop.request()


def drifted_room(sim: Simulator) -> dict[str, str]:
    """A live room whose events drift: one of each kind, among ordinary ones."""
    sim.emit(30)
    return {
        "extra": sim.inject(
            "tip",
            {"tip": {"tokens": 50, "isAnon": False, "message": ""}, "user": {**VIEWER, "age": 31}},
        )["id"],
        "missing": sim.inject(
            "chatMessage",
            {
                "message": {"message": "hello room", "color": "#494949", "bgColor": None},
                "user": VIEWER,
            },
        )["id"],
        "changed": sim.inject(
            "tip", {"tip": {"tokens": "25", "isAnon": False, "message": "x"}, "user": VIEWER}
        )["id"],
        "unknown": sim.inject("tipGoalReached", {"goal": 500, "user": VIEWER})["id"],
    }


async def test_drifted_payloads_are_kept_counted_and_shown_when_the_services_change(
    database_url: str, pool: AsyncConnectionPool, sim: Simulator, tmp_path: Path
) -> None:
    ids = drifted_room(sim)
    # Every Events API answer gains a key; every Statbate and Stats answer drifts too.
    sim.drift_answers(EVENTS, add={"serverTime": 1767643200})
    sim.drift_answers(
        STATBATE,
        add={"data.loyalty_score": 7},
        remove=("data.models_tipped_2weeks",),
        replace={"data.did": "D-7767138"},
    )
    sim.drift_answers(STATS, replace={"num_followers": "2,945"})
    member = next(
        v.username
        for v in sim.world.viewers.values()
        if v.known_to_statbate and v.tips and v.username != "smk_lover"
    )

    await run_worker_until_stored(pool, sim)
    async with open_api(database_url, simulator=sim) as api:
        capture = api.container.capture()
        member_result = api.call(capture.capture_member, member)
        stats_result = api.call(capture.capture_cb_stats)
        listed = (await api.get("/api/drift", params={"limit": 50})).json()
    check = await anyio.to_thread.run_sync(lambda: worker_check(database_url, tmp_path))

    # The data is kept: every event is an interaction, the snapshots are stored raw.
    stored = dict(
        await rows(
            pool,
            "SELECT source_event_id, type FROM interactions WHERE source_event_id = ANY(%s)",
            list(ids.values()),
        )
    )
    assert stored == {
        ids["extra"]: "TIP",
        ids["missing"]: "CHAT_MESSAGE",
        ids["changed"]: "TIP",
        ids["unknown"]: "UNKNOWN_EVENT",
    }
    tokens = await rows(
        pool,
        "SELECT metadata->'tokens' FROM interactions WHERE source_event_id = %s",
        ids["changed"],
    )
    assert tokens == [(25,)]
    assert member_result.snapshot is not None
    assert member_result.snapshot.raw_payload["data"]["did"] == "D-7767138"
    assert "did" not in member_result.snapshot.normalized_metrics
    assert member_result.snapshot.normalized_metrics["all_time_tokens"] > 0
    assert stats_result.snapshot is not None
    assert stats_result.snapshot.raw_payload["num_followers"] == "2,945"

    # The drift is counted, once per difference, and listed by the API.
    seen = {(item["service"], item["kind"], item["subject"]): item for item in listed["items"]}
    assert {
        ("cb_events", "unknown_field", "$.events[].object.user.age"),
        ("cb_events", "missing_field", "$.events[].object.message.font"),
        ("cb_events", "type_changed", "$.events[].object.tip.tokens"),
        ("cb_events", "unknown_method", "tipGoalReached"),
        ("cb_events", "unknown_field", "$.serverTime"),
        ("statbate", "unknown_field", "$.data.loyalty_score"),
        ("statbate", "missing_field", "$.data.models_tipped_2weeks"),
        ("statbate", "type_changed", "$.data.did"),
        ("statbate", "decode_failure", "$.data.did"),
        ("cb_stats", "type_changed", "$.num_followers"),
        ("cb_stats", "decode_failure", "$.num_followers"),
    } <= set(seen)
    assert listed["total"] == len(listed["items"])
    unknown = seen[("cb_events", "unknown_method", "tipGoalReached")]
    assert unknown["count"] == 1
    assert unknown["endpoint"] == "GET /events/{username}/{token}/"
    assert unknown["example"]["object"]["goal"] == 500
    assert seen[("cb_events", "unknown_field", "$.serverTime")]["count"] >= 1
    assert seen[("statbate", "type_changed", "$.data.did")]["detail"] == (
        "expected integer, got string"
    )
    assert sim.config.events_token not in str(listed)
    assert sim.config.statbate_token not in str(listed)

    # And `mhc worker --check` shows it next to the heartbeat, which alone sets the exit code.
    assert check.returncode == 0, check.stdout + check.stderr
    assert "status: ok" in check.stdout
    assert "contract drift: " in check.stdout
    assert (
        "cb_events GET /events/{username}/{token}/: unknown_method tipGoalReached "
        "(method 'tipGoalReached' is not in the contract), seen 1x" in check.stdout
    )
    assert "statbate GET /members/{site}/{name}/info: decode_failure $.data.did" in check.stdout


def worker_check(database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MHC_", "CB_", "STATBATE_"))}
    env.update(DATABASE_URL=database_url, MHC_BROADCASTER=OWNER)
    return subprocess.run(
        [str(MHC), "worker", "--check"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
    )


async def test_an_answer_the_feed_cannot_use_is_counted_when_it_breaks_the_contract(
    pool: AsyncConnectionPool, sim: Simulator
) -> None:
    drift = PostgresDriftLog(pool)
    sim.fail_next(1, status=200, route=EVENTS)
    sim.fail_next(1, status=418, route=EVENTS)
    sim.emit(3)

    await run_worker_until_stored(pool, sim)

    found = {(kind, subject): count for kind, subject, count in await _drift_rows(pool)}
    assert found[("missing_field", "$.nextUrl")] == 1
    assert found[("missing_field", "$.events")] == 1
    assert found[("unknown_field", "$.error")] == 1
    assert found[("unexpected_status", "HTTP 418")] == 1
    assert (await drift.entries(limit=1)).total == len(found)


async def test_nothing_is_written_when_the_services_answer_as_their_contracts_say(
    pool: AsyncConnectionPool, sim: Simulator
) -> None:
    sim.emit(60)

    await run_worker_until_stored(pool, sim)

    assert await _drift_rows(pool) == []


async def _drift_rows(pool: AsyncConnectionPool) -> list[tuple[Any, ...]]:
    return await rows(pool, "SELECT kind, subject, count FROM contract_drift ORDER BY id")


async def test_the_statbate_client_keeps_the_answer_when_a_nested_value_changes_type(
    pool: AsyncConnectionPool, sim: Simulator
) -> None:
    sim.emit(300)
    sim.drift_answers(STATBATE, replace={"data.tags": [{"name": "feet"}, 7]})
    async with httpx.AsyncClient() as http:
        client = StatbateClient(
            http,
            token=sim.config.statbate_token,
            base_url=sim.statbate_api_base_url,
            drift=ContractDriftReporter(PostgresDriftLog(pool)),
        )
        fetched = await client.get_model_info("chaturbate", OWNER)

    assert fetched is not None
    assert fetched.data.rid == sim.world.models[OWNER].rid
    assert [tag.name for tag in fetched.data.tags] == ["feet"]
    assert fetched.raw["data"]["tags"] == [{"name": "feet"}, 7]
    assert await _drift_rows(pool) == [
        ("missing_field", "$.data.tags[].category", 1),
        ("type_changed", "$.data.tags[]", 1),
        ("decode_failure", "$.data.tags[]", 1),
    ]


async def test_chat_history_is_read_and_its_new_keys_counted_when_statbate_plus_adds_some(
    pool: AsyncConnectionPool, sim: Simulator
) -> None:
    sim.emit(200)
    sim.drift_answers(PLUS, add={"data[].badge": "vip", "data[].session": "leaked-cookie"})
    async with httpx.AsyncClient() as http:
        plus = StatbatePlusSession(
            http,
            session_cookie=sim.config.plus_session_cookie,
            xsrf_token=sim.config.plus_xsrf_token,
            base_url=sim.base_url,
            drift=ContractDriftReporter(PostgresDriftLog(pool)),
        )
        page = await plus.get_chat_history(OWNER)

    assert page is not None
    assert page.messages
    assert page.messages[0].raw["badge"] == "vip"
    assert await _drift_rows(pool) == [
        ("unknown_field", "$.data[].badge", len(page.messages)),
        ("unknown_field", "$.data[].session", len(page.messages)),
    ]
    [example] = await rows(pool, "SELECT DISTINCT first_example FROM contract_drift")
    assert example[0]["session"] == "***"
    assert sim.config.plus_session_cookie not in str(example)


async def test_an_answer_that_cannot_be_decoded_is_counted_and_fails_the_call_once(
    pool: AsyncConnectionPool, sim: Simulator
) -> None:
    sim.emit(300)
    sim.fail_next(1, status=200, route=STATBATE)
    failures = PostgresFailureLog(pool)
    async with httpx.AsyncClient() as http:
        client = StatbateClient(
            http,
            token=sim.config.statbate_token,
            base_url=sim.statbate_api_base_url,
            failure_log=failures,
            drift=ContractDriftReporter(PostgresDriftLog(pool)),
        )
        with pytest.raises(ExternalServiceError, match="unexpected response shape"):
            await client.get_model_info("chaturbate", OWNER)

    assert await _drift_rows(pool) == [
        ("unknown_field", "$.error", 1),
        ("missing_field", "$.data", 1),
        ("missing_field", "$.meta", 1),
        ("decode_failure", "$", 1),
    ]
    [failure] = await failures.recent()
    assert failure.endpoint == f"GET /model/chaturbate/{OWNER}/info"
