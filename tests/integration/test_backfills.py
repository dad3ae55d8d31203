"""Backfills on real PostgreSQL, fed by the simulator over HTTP: each kind runs to the end with
done + failed = total, failures are counted, a re-run of the tip history adds nothing, and the
table hands each queued row to one claimer."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import anyio
import pytest
from psycopg_pool import AsyncConnectionPool
from tests.fakes import ManualClock, configured_as
from tests.timing import FakeTime

from mhc.adapters.chaturbate.stats import ChaturbateStatsClient
from mhc.adapters.postgres.backfills import PostgresBackfillStore, PostgresRoomHistory
from mhc.adapters.postgres.erasure import PostgresErasures
from mhc.adapters.postgres.failures import PostgresFailureLog
from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.adapters.resilience import TokenBucket, build_http_client
from mhc.adapters.statbate.plus import StatbatePlusSession
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.backfills import (
    Backfill,
    BackfillKind,
    BackfillRequest,
    BackfillStatus,
    Progress,
)
from mhc.domain.errors import Conflict
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionSource, InteractionType, NewInteraction, Role
from mhc.domain.retry import RetryPolicy
from mhc.entrypoints import backfill_runner
from mhc.entrypoints.backfill_runner import run_backfill
from mhc.ports.clock import Clock
from mhc.services.backfills import BackfillService
from mhc.services.capture import CaptureService
from mhc.services.erasure import ErasureService
from mhc.services.people import find_or_create_person
from mhc.simulator import STATBATE, Simulator, SimulatorConfig, run_simulator
from mhc.simulator.cast import Tip

OWNER = "hudson_cage"
START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
SNAPSHOTS = BackfillKind.STATBATE_SNAPSHOTS
TIPS = BackfillKind.TIP_HISTORY


class WorldClock:
    """The simulator's virtual time: "now" for the panel is "now" in the room."""

    def __init__(self, sim: Simulator) -> None:
        self._sim = sim

    def now(self) -> datetime:
        return self._sim.world.now()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with run_simulator(SimulatorConfig(seed=17, viewers=120, start_time=START)) as simulator:
        yield simulator


@pytest.fixture
async def backfills(sim: Simulator, pool: AsyncConnectionPool) -> AsyncIterator[BackfillService]:
    fake_time = FakeTime()
    limits: dict[str, Any] = {
        "policy": RetryPolicy(max_attempts=2),
        "sleep": fake_time.sleep,
        "rng": random.Random(1),
        "failure_log": PostgresFailureLog(pool),
    }
    limiter = TokenBucket.per_minute(120, clock=fake_time.clock, sleep=fake_time.sleep)
    clock: Clock = WorldClock(sim)
    exclusion = ExclusionPolicy(["smk_lover"])

    def uow_factory() -> PostgresUnitOfWork:
        return PostgresUnitOfWork(pool)

    async with build_http_client(timeout=2.0, connect_timeout=2.0) as http:
        statbate = StatbateClient(
            http,
            token=sim.config.statbate_token,
            base_url=sim.statbate_api_base_url,
            limiter=limiter,
            batch_limiter=limiter,
            **limits,
        )
        capture = CaptureService(
            uow_factory,
            exclusion,
            clock,
            statbate=statbate,
            cb_stats=ChaturbateStatsClient(
                http, token=sim.config.stats_token, base_url=sim.base_url, **limits
            ),
            chat_history=StatbatePlusSession(
                http,
                session_cookie=sim.config.plus_session_cookie,
                xsrf_token=sim.config.plus_xsrf_token,
                base_url=sim.base_url,
                limiter=limiter,
                **limits,
            ),
            broadcaster=OWNER,
        )
        yield BackfillService(
            uow_factory,
            PostgresBackfillStore(pool),
            PostgresRoomHistory(pool),
            capture,
            statbate,
            exclusion,
            clock,
            broadcaster=OWNER,
            statbate_configured=configured_as(True),
            chat_history_configured=configured_as(True),
            erased_among=erasure_service(pool).erased_among,
        )


def erasure_service(pool: AsyncConnectionPool) -> ErasureService:
    return ErasureService(
        lambda: PostgresUnitOfWork(pool),
        PostgresErasures(pool),
        ExclusionPolicy(["smk_lover"]),
        OWNER,
        secret_key="backfill-test-secret-key-0123456789abcdef",
    )


async def forget(pool: AsyncConnectionPool, username: str) -> None:
    erasures = erasure_service(pool)
    await erasures.erase(await erasures.plan(username), actor="cli:test", reason=None)


async def run(
    backfills: BackfillService, request: BackfillRequest, heard: list[Progress] | None = None
) -> Backfill:
    started = await backfills.start(request, worker_id="cli@test:1")
    assert started.status is BackfillStatus.RUNNING
    return await backfills.run(started, None if heard is None else heard.append)


async def scalar(pool: AsyncConnectionPool, sql: str, *params: Any) -> Any:
    async with pool.connection() as conn:
        row = await (await conn.execute(sql, params)).fetchone()
    assert row is not None
    return row[0]


def members_and_strangers(sim: Simulator, count: int) -> tuple[list[str], list[str]]:
    known = sorted(
        name for name, v in sim.world.viewers.items() if v.known_to_statbate and name != "smk_lover"
    )
    strangers = [f"quiet_stranger_{n}" for n in range(count - len(known))]
    return known, strangers


# ---- the three kinds --------------------------------------------------------------------


async def test_snapshots_end_done_with_every_name_counted_when_statbate_answers(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    known, strangers = members_and_strangers(sim, 130)
    heard: list[Progress] = []
    finished = await run(
        backfills, BackfillRequest(kind=SNAPSHOTS, usernames=(*known, *strangers)), heard
    )
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.DONE,
        130,
        130,
        0,
    )
    assert finished.summary == {"captured": len(known), "not_found": len(strangers)}
    assert [p.processed for p in heard] == [0, 100, 130, 130]
    assert await backfills.get(finished.id) == finished
    assert finished.finished_at is not None
    assert finished.started_at is not None
    assert finished.started_at <= finished.finished_at
    stored = await scalar(pool, "SELECT count(*) FROM snapshots WHERE source = 'statbate_member'")
    assert stored == len(known)
    assert [r.method for r in sim.requests(STATBATE)] == ["POST", "POST"]


async def test_snapshots_count_the_chunk_that_failed_when_statbate_keeps_failing_on_it(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    known, strangers = members_and_strangers(sim, 130)
    # Two attempts for the first chunk (the policy's budget), both refused.
    sim.fail_next(2, status=503, route=STATBATE)
    finished = await run(backfills, BackfillRequest(kind=SNAPSHOTS, usernames=(*known, *strangers)))
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.DONE,
        130,
        30,
        100,
    )
    assert finished.last_error is not None
    assert "503" in finished.last_error
    assert finished.summary["failed"] == 100
    assert await scalar(pool, "SELECT count(*) FROM api_failures WHERE service = 'statbate'") == 1


def history_before(sim: Simulator, moment: datetime) -> list[Tip]:
    return [tip for tip in sim.world.room_tips() if tip.at < moment.replace(microsecond=0)]


async def record_first_live_event(sim: Simulator, pool: AsyncConnectionPool) -> datetime:
    """An interaction of the room as the Events API worker stores it, at the first event."""
    first_ms = int(sim.events[0]["id"].split("-")[0])
    at = datetime.fromtimestamp(first_ms / 1000, UTC)
    async with PostgresUnitOfWork(pool) as uow:
        person = await find_or_create_person(
            uow, ExclusionPolicy([]), WorldClock(sim), OWNER, role=Role.MODEL
        )
        await uow.interactions.add(
            NewInteraction(
                person_id=person.id,
                type=InteractionType.BROADCAST_START,
                content=None,
                occurred_at=at,
                source=InteractionSource.CB_EVENTS,
                metadata={"raw": sim.events[0]},
                source_event_id=sim.events[0]["id"],
            )
        )
        await uow.commit()
    return at


async def test_tip_history_stores_the_tips_before_the_live_record_once_when_run_twice(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    sim.emit(300)
    live_start = await record_first_live_event(sim, pool)
    history = history_before(sim, live_start)
    assert 200 < len(history) < len(sim.world.room_tips())

    first = await run(backfills, BackfillRequest(kind=TIPS))
    again = await run(backfills, BackfillRequest(kind=TIPS))

    assert (first.status, first.total, first.done, first.failed) == (BackfillStatus.DONE, 2, 2, 0)
    assert first.summary == {"fetched": len(history), "stored": len(history)}
    assert again.summary == {"fetched": len(history), "already_stored": len(history)}
    count, tokens = await scalar(
        pool,
        "SELECT array[count(*), sum((metadata ->> 'tokens')::int)] FROM interactions "
        "WHERE type = 'TIP' AND source = 'statbate'",
    )
    assert (count, tokens) == (len(history), sum(tip.tokens for tip in history))
    newest = await scalar(pool, "SELECT max(occurred_at) FROM interactions WHERE type = 'TIP'")
    assert newest < live_start


async def test_tip_history_counts_a_failed_page_and_finishes_the_rest_when_statbate_fails_on_it(
    sim: Simulator, backfills: BackfillService
) -> None:
    def fail_after_the_first_page(progress: Progress) -> None:
        if progress.total is not None and progress.processed == 0:
            sim.fail_next(2, status=502, route=STATBATE)

    heard: list[Progress] = []

    def listen(progress: Progress) -> None:
        heard.append(progress)
        fail_after_the_first_page(progress)

    started = await backfills.start(BackfillRequest(kind=TIPS), worker_id="cli@test:1")
    finished = await backfills.run(started, listen)
    assert (finished.status, finished.total, finished.done, finished.failed) == (
        BackfillStatus.DONE,
        2,
        1,
        1,
    )
    assert finished.summary["failed_pages"] == 1
    assert [(p.done, p.failed) for p in heard] == [(0, 0), (1, 0), (1, 1), (1, 1)]


async def test_chat_import_counts_its_messages_and_adds_nothing_when_run_again(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    lines = len(sim.world.chat_lines)
    heard: list[Progress] = []
    first = await run(backfills, BackfillRequest(kind=BackfillKind.CHAT_IMPORT), heard)
    again = await run(backfills, BackfillRequest(kind=BackfillKind.CHAT_IMPORT))
    assert (first.status, first.total, first.done) == (BackfillStatus.DONE, lines, lines)
    assert first.summary["stored"] == lines
    assert "stored" not in again.summary
    assert heard[0].total is None
    assert heard[-1].total == lines
    assert await scalar(pool, "SELECT count(*) FROM interactions WHERE type = 'CHAT_IMPORT'") == (
        lines
    )


# ---- stopping a run ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requeue", "status"), [(True, BackfillStatus.QUEUED), (False, BackfillStatus.CANCELLED)]
)
async def test_a_stopped_run_is_queued_again_or_cancelled_when_its_process_stops_it(
    sim: Simulator, backfills: BackfillService, requeue: bool, status: BackfillStatus
) -> None:
    known, _ = members_and_strangers(sim, 10)
    started = await backfills.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=tuple(known[:10])), worker_id="w1"
    )
    sim.delay_next(1, 5.0, route=STATBATE)
    with anyio.move_on_after(0.5):
        await run_backfill(backfills, started, requeue_on_stop=requeue)
    stopped = await backfills.get(started.id)
    assert stopped.status is status
    assert (stopped.done, stopped.failed) == (0, 0)


async def test_a_stopping_worker_ends_its_run_cancelled_when_the_panel_asked_to_cancel_it(
    sim: Simulator, backfills: BackfillService
) -> None:
    known, _ = members_and_strangers(sim, 10)
    queued = await backfills.queue(BackfillRequest(kind=SNAPSHOTS, usernames=tuple(known[:10])))
    claimed = await backfills.claim_next("w1")
    assert claimed is not None
    sim.delay_next(1, 5.0, route=STATBATE)
    async with anyio.create_task_group() as tg:
        tg.start_soon(partial(run_backfill, backfills, claimed, requeue_on_stop=True))
        await anyio.sleep(0.2)
        asked = await backfills.cancel(queued.id)
        # The worker stops before its one call comes back, so nothing noticed the request.
        tg.cancel_scope.cancel()
    stopped = await backfills.get(queued.id)
    assert asked.status is BackfillStatus.RUNNING
    assert (stopped.status, stopped.last_error) == (
        BackfillStatus.CANCELLED,
        "cancelled from the panel",
    )
    assert await backfills.claim_next("w2") is None


async def test_a_running_backfill_is_kept_alive_when_one_call_takes_long(
    sim: Simulator, backfills: BackfillService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backfill_runner, "KEEPALIVE_SECONDS", 0.1)
    known, _ = members_and_strangers(sim, 3)
    started = await backfills.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=tuple(known[:3])), worker_id="w1"
    )
    sim.delay_next(1, 0.8, route=STATBATE)
    seen: list[datetime] = []

    async def watch() -> None:
        for _ in range(6):
            await anyio.sleep(0.1)
            seen.append((await backfills.get(started.id)).updated_at)

    async with anyio.create_task_group() as tg:
        tg.start_soon(watch)
        finished = await run_backfill(backfills, started, requeue_on_stop=True)
    assert finished.status is BackfillStatus.DONE
    # Nothing new to report while the one call hung, yet the row kept moving.
    assert len(set(seen)) >= 4


# ---- the table --------------------------------------------------------------------------


async def test_each_queued_backfill_goes_to_one_claimer_when_two_claim_at_once(
    backfills: BackfillService,
) -> None:
    queued = [
        await backfills.queue(BackfillRequest(kind=SNAPSHOTS, usernames=(f"fan_{n}",)))
        for n in range(6)
    ]
    claims: dict[str, list[int]] = {"w1": [], "w2": []}

    async def claim_all(worker_id: str) -> None:
        while (claimed := await backfills.claim_next(worker_id)) is not None:
            assert claimed.worker_id == worker_id
            claims[worker_id].append(claimed.id)

    async with anyio.create_task_group() as tg:
        tg.start_soon(claim_all, "w1")
        tg.start_soon(claim_all, "w2")
    assert sorted(claims["w1"] + claims["w2"]) == [b.id for b in queued]
    page = await backfills.recent(limit=4)
    assert page.total == 6
    assert [b.id for b in page.items] == [b.id for b in reversed(queued)][:4]
    assert {b.status for b in page.items} == {BackfillStatus.RUNNING}


async def test_a_run_given_up_on_cannot_write_progress_when_it_comes_back_late(
    backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    started = await backfills.start(
        BackfillRequest(kind=SNAPSHOTS, usernames=("big_tipper_77",)), worker_id="w1"
    )
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE backfills SET updated_at = now() - interval '6 minutes' WHERE id = %s",
            (started.id,),
        )
    assert await backfills.fail_stale(timedelta(minutes=5)) == [started.id]
    late = await backfills.run(started)
    assert (late.status, late.done) == (BackfillStatus.FAILED, 0)
    assert "stopped" in (late.last_error or "")


async def test_live_history_starts_at_the_rooms_first_events_api_interaction_when_there_are_many(
    pool: AsyncConnectionPool,
) -> None:
    first = datetime(2026, 1, 4, 20, 0, tzinfo=UTC)

    async def add(
        kind: InteractionType, at: datetime, source: InteractionSource, room: str
    ) -> None:
        async with PostgresUnitOfWork(pool) as uow:
            person = await find_or_create_person(
                uow, ExclusionPolicy([]), ManualClock(at), "big_tipper_77"
            )
            await uow.interactions.add(
                NewInteraction(
                    person_id=person.id,
                    type=kind,
                    content=None,
                    occurred_at=at,
                    source=source,
                    metadata={"raw": {"object": {"broadcaster": room}}},
                    source_event_id=f"{room}-{at.isoformat()}",
                )
            )
            await uow.commit()

    history = PostgresRoomHistory(pool)
    assert await history.live_history_start(OWNER) is None
    await add(InteractionType.TIP, first + timedelta(hours=2), InteractionSource.CB_EVENTS, OWNER)
    await add(InteractionType.USER_ENTER, first, InteractionSource.CB_EVENTS, OWNER)
    await add(
        InteractionType.CHAT_IMPORT,
        first - timedelta(days=3),
        InteractionSource.STATBATE_PLUS,
        OWNER,
    )
    await add(
        InteractionType.TIP, first - timedelta(days=1), InteractionSource.CB_EVENTS, "luna_skye"
    )
    assert await history.live_history_start(OWNER) == first


# ---- names an erasure forgot stay forgotten ---------------------------------------------


async def test_tip_history_leaves_erased_tippers_out_unless_the_owner_includes_them(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    first = await run(backfills, BackfillRequest(kind=TIPS))
    tipper = await scalar(
        pool,
        "SELECT p.username FROM persons p JOIN interactions i ON i.person_id = p.id "
        "WHERE i.type = 'TIP' GROUP BY p.username ORDER BY count(*) DESC, p.username LIMIT 1",
    )
    tips = await scalar(
        pool,
        "SELECT count(*) FROM interactions i JOIN persons p ON p.id = i.person_id "
        "WHERE p.username = %s",
        tipper,
    )
    await forget(pool, tipper)

    again = await run(backfills, BackfillRequest(kind=TIPS))
    gone = await scalar(pool, "SELECT count(*) FROM persons WHERE username = %s", tipper)
    included = await run(backfills, BackfillRequest(kind=TIPS, include_erased=True))
    back = await scalar(pool, "SELECT count(*) FROM persons WHERE username = %s", tipper)

    assert first.status is BackfillStatus.DONE
    assert again.summary["skipped_erased"] == tips
    assert gone == 0
    assert included.summary["stored"] == tips
    assert back == 1


async def test_chat_import_leaves_erased_senders_out_unless_the_owner_includes_them(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    await run(backfills, BackfillRequest(kind=BackfillKind.CHAT_IMPORT))
    sender = await scalar(
        pool,
        "SELECT p.username FROM persons p JOIN interactions i ON i.person_id = p.id "
        "WHERE i.type = 'CHAT_IMPORT' AND p.username <> %s ORDER BY p.username LIMIT 1",
        OWNER,
    )
    await forget(pool, sender)

    again = await run(backfills, BackfillRequest(kind=BackfillKind.CHAT_IMPORT))

    assert again.summary["skipped_erased"] > 0
    assert await scalar(pool, "SELECT count(*) FROM persons WHERE username = %s", sender) == 0


async def test_snapshots_of_an_erased_name_are_refused_unless_the_owner_includes_them(
    sim: Simulator, backfills: BackfillService, pool: AsyncConnectionPool
) -> None:
    known, _ = members_and_strangers(sim, 1)
    name = known[0]
    await run(backfills, BackfillRequest(kind=SNAPSHOTS, usernames=(name,)))
    await forget(pool, name)

    with pytest.raises(Conflict, match=f"{name} was forgotten on purpose"):
        await backfills.start(
            BackfillRequest(kind=SNAPSHOTS, usernames=(name, "quiet_stranger_1")),
            worker_id="cli@test:1",
        )
    allowed = await run(
        backfills, BackfillRequest(kind=SNAPSHOTS, usernames=(name,), include_erased=True)
    )

    assert allowed.status is BackfillStatus.DONE
