"""The worker watching the room, in-process as `mhc worker` composes it: real PostgreSQL, the
simulator over real sockets for the Events API, Statbate and Pushover.

Automatic look-ups (batched, "not on Statbate" remembered, a 429 waited out without losing a
name, never the owner or an excluded person) and alerts (once per rule per show, to the phone,
a Pushover failure recorded while ingestion goes on).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool

from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.stop import StopSignal
from mhc.entrypoints.worker import WorkerTuning, run_worker
from mhc.simulator import PUSHOVER, STATBATE, Simulator, SimulatorConfig, run_simulator_async

OWNER = "hudson_cage"
PUBLIC_URL = "https://panel.example"
FAST = WorkerTuning(
    retry=RetryPolicy(base_delay=0.05, max_delay=0.2),
    standby_seconds=0.1,
    heartbeat_seconds=0.2,
    scheduler_tick_seconds=0.1,
    shutdown_grace_seconds=3.0,
)
BATCH = "/api/members/chaturbate/info/batch"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimulatorConfig(seed=21, viewers=40, broadcast_length=(5000, 6000))
    async with run_simulator_async(config) as running:
        running.start_broadcast()
        yield running


def settings_for(sim: Simulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "run_mode": "worker",
        "broadcaster": OWNER,
        "cb_events_token": sim.config.events_token,
        "cb_events_base_url": sim.base_url,
        "statbate_api_token": sim.config.statbate_token,
        "statbate_api_base_url": sim.statbate_api_base_url,
        "pushover_token": sim.config.pushover_token,
        "pushover_user": sim.config.pushover_user,
        "pushover_base_url": sim.base_url,
        "public_url": PUBLIC_URL,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def worker(settings: Settings) -> AsyncIterator[None]:
    stop = StopSignal(grace_seconds=FAST.shutdown_grace_seconds)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(
            partial(run_worker, settings, tuning=FAST, stop=stop, handle_signals=False)
        )
        try:
            yield
        finally:
            stop.request()


async def rows(pool: AsyncConnectionPool, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    async with pool.connection() as conn:
        cur = await conn.execute(sql, params)
        return await cur.fetchall()


async def eventually(check: Any, *, within: float = 20.0) -> None:
    for _ in range(int(within / 0.05)):
        if await check():
            return
        await anyio.sleep(0.05)
    raise AssertionError(f"still not true after {within} s")


async def lookup_states(pool: AsyncConnectionPool, names: list[str]) -> dict[str, str]:
    found = await rows(
        pool,
        "SELECT p.username, l.status FROM statbate_lookups l JOIN persons p ON p.id = l.person_id "
        "WHERE p.username = ANY(%s)",
        names,
    )
    return dict(found)  # type: ignore[arg-type]


def batch_calls(sim: Simulator) -> int:
    return sum(1 for r in sim.requests(STATBATE) if r.path == BATCH and r.status == 200)


def viewers(sim: Simulator, *, known: bool) -> list[str]:
    """Viewers Statbate knows (or not), the excluded regular left out."""
    return [
        v.username
        for v in sim.world.viewers.values()
        if v.known_to_statbate is known and v.username != "smk_lover"
    ]


async def test_arrivals_are_looked_up_in_batches_within_seconds_when_they_enter(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    known, unknown = viewers(sim, known=True)[:20], viewers(sim, known=False)[:3]
    names = [*known, *unknown]

    async with worker(settings_for(sim, database_url)):
        started = anyio.current_time()
        for name in names:
            sim.enter(name)

        async def all_answered() -> bool:
            states = await lookup_states(pool, names)
            return len(states) == len(names) and "queued" not in states.values()

        await eventually(all_answered)
        took = anyio.current_time() - started

    states = await lookup_states(pool, names)
    assert {states[name] for name in known} == {"found"}
    assert {states[name] for name in unknown} == {"not_found"}
    assert 1 <= batch_calls(sim) < len(names)
    snapshots = await rows(
        pool,
        "SELECT count(DISTINCT s.person_id) FROM snapshots s JOIN persons p ON p.id = s.person_id "
        "WHERE s.source = 'statbate_member' AND p.username = ANY(%s)",
        names,
    )
    assert snapshots == [(len(known),)]
    assert took < 10


async def test_not_on_statbate_is_remembered_when_they_come_back(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    stranger = viewers(sim, known=False)[0]

    async with worker(settings_for(sim, database_url)):
        sim.enter(stranger)

        async def answered() -> bool:
            return (await lookup_states(pool, [stranger])).get(stranger) == "not_found"

        await eventually(answered)
        calls = batch_calls(sim)
        sim.chat(stranger, "back again")
        sim.enter(stranger)
        stored = "SELECT count(*) FROM interactions i JOIN persons p ON p.id = i.person_id "
        stored += "WHERE p.username = %s"

        async def seen_again() -> bool:
            return (await rows(pool, stored, stranger))[0][0] >= 3

        await eventually(seen_again)
        await anyio.sleep(1.5)

    assert batch_calls(sim) == calls
    assert (await lookup_states(pool, [stranger]))[stranger] == "not_found"


async def test_a_429_slows_every_call_and_keeps_every_name_queued_when_statbate_refuses(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    names = viewers(sim, known=True)[:6]
    sim.fail_next(8, status=429, route=STATBATE, retry_after=0.5)

    async with worker(settings_for(sim, database_url)):
        for name in names:
            sim.enter(name)

        async def all_found() -> bool:
            states = await lookup_states(pool, names)
            return len(states) == len(names) and set(states.values()) == {"found"}

        await eventually(all_found, within=40)

    refused = [r for r in sim.requests(STATBATE) if r.status == 429]
    assert len(refused) == 8
    [(slowed_until,)] = await rows(
        pool, "SELECT slowed_until FROM api_call_budgets WHERE account = 'statbate'"
    )
    assert slowed_until > datetime.now(UTC)


async def test_the_owner_and_excluded_people_are_never_looked_up_when_they_show_up(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    regular = viewers(sim, known=True)[0]

    async with worker(settings_for(sim, database_url)):
        sim.chat(OWNER, "welcome everyone")
        sim.enter("smk_lover")
        sim.chat("smk_lover", "hi")
        sim.enter(regular)

        async def regular_found() -> bool:
            return (await lookup_states(pool, [regular])).get(regular) == "found"

        await eventually(regular_found)

    looked_up = await rows(
        pool, "SELECT p.username FROM statbate_lookups l JOIN persons p ON p.id = l.person_id"
    )
    assert OWNER not in {name for (name,) in looked_up}
    assert "smk_lover" not in {name for (name,) in looked_up}


async def add_to(pool: AsyncConnectionPool, watchlist: str, username: str) -> int:
    [(person_id,)] = await rows(
        pool,
        "INSERT INTO persons (username, role) VALUES (%s, 'VIEWER') "
        "ON CONFLICT (platform, lower(username)) DO UPDATE SET role = 'VIEWER' RETURNING id",
        username,
    )
    await rows(
        pool,
        "INSERT INTO watchlist_members (watchlist_id, person_id) "
        "SELECT id, %s FROM watchlists WHERE name = %s RETURNING person_id",
        person_id,
        watchlist,
    )
    return int(person_id)


async def alerts_of(pool: AsyncConnectionPool, rule_kind: str) -> list[tuple[Any, ...]]:
    return await rows(
        pool,
        "SELECT a.username, a.reason, d.status, d.detail FROM alerts a "
        "JOIN alert_deliveries d ON d.alert_id = a.id AND d.channel = 'pushover' "
        "WHERE a.rule_kind = %s ORDER BY a.id",
        rule_kind,
    )


async def test_a_watched_person_is_alerted_once_per_show_on_the_phone_when_they_walk_in(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    friend = viewers(sim, known=False)[0]
    person_id = await add_to(pool, "Friends", friend)

    async with worker(settings_for(sim, database_url)):
        sim.enter(friend)

        async def pushed() -> bool:
            return any(friend in (m.title or "") for m in sim.pushover_messages)

        await eventually(pushed)
        sim.inject("userLeave", {"user": {"username": friend}})
        sim.enter(friend)
        sim.chat(friend, "hello again")
        await anyio.sleep(1.5)

    assert await alerts_of(pool, "watchlist_enters") == [
        (friend, "entered; on Friends", "sent", None)
    ]
    [message] = [m for m in sim.pushover_messages if friend in (m.title or "")]
    assert message.message == "entered; on Friends"
    assert message.url == f"{PUBLIC_URL}/person/{person_id}"


async def test_a_pushover_failure_is_recorded_and_ingestion_goes_on_when_pushover_is_down(
    sim: Simulator, database_url: str, pool: AsyncConnectionPool
) -> None:
    friend = viewers(sim, known=False)[1]
    await add_to(pool, "Friends", friend)
    sim.set_faults(share_5xx=1.0, routes=frozenset({PUSHOVER}))

    async with worker(settings_for(sim, database_url)):
        sim.enter(friend)

        async def failed() -> bool:
            return [row[2] for row in await alerts_of(pool, "watchlist_enters")] == ["failed"]

        await eventually(failed)
        later = [sim.chat(friend, f"message {n}")["id"] for n in range(20)]

        async def stored() -> bool:
            found = await rows(
                pool,
                "SELECT count(*) FROM interactions WHERE source_event_id = ANY(%s)",
                later,
            )
            return bool(found[0][0] == len(later))

        await eventually(stored, within=5)

    failures = await rows(
        pool, "SELECT endpoint, message FROM api_failures WHERE service = %s", PUSHOVER
    )
    assert failures
    assert {endpoint for endpoint, _ in failures} == {"POST /1/messages.json"}
    recorded = " ".join(f"{e} {m}" for e, m in failures)
    for secret in (sim.config.pushover_token, sim.config.pushover_user):
        assert secret not in recorded
    assert sim.pushover_messages == []
