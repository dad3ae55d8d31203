"""The Events API ingestion loop against in-memory fakes of the feed, the store, the leases and
the heartbeats: what ends up stored, where the cursor stands, what the heartbeat says."""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from tests.fakes import (
    EVENING,
    FakeDriftLog,
    FakeEventsRoom,
    FakeFailureLog,
    FakeHeartbeats,
    FakeIngestionBatch,
    FakeIngestionStore,
    FakeLeases,
    ManualClock,
)

from mhc.domain.errors import ExternalServiceError, RateLimited
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.retry import RetryPolicy
from mhc.entrypoints.stop import StopSignal
from mhc.ports.ingestion import EventsCursor
from mhc.services.drift import ContractDriftReporter
from mhc.services.ingestor import EventsIngestor, IngestorTuning

OWNER = "hudson_cage"
TOKEN = "s3cretEventsTok3n"
T0 = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)
FAST = IngestorTuning(
    retry=RetryPolicy(base_delay=0.01, max_delay=0.02),
    standby_seconds=0.01,
    lease_check_seconds=0.01,
    token_check_seconds=0.01,
    same_token_retry_seconds=60.0,
    heartbeat_seconds=0.01,
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


def event(method: str, second: int, **fields: Any) -> dict[str, Any]:
    """An event as the contract describes it, `second` seconds after T0."""
    moment = int((T0 + timedelta(seconds=second)).timestamp() * 1000)
    return {
        "method": method,
        "id": f"{moment}-0",
        "object": {"broadcaster": OWNER, "user": VIEWER, **fields},
    }


def tip(second: int, tokens: int = 25) -> dict[str, Any]:
    return event("tip", second, tip={"tokens": tokens, "isAnon": False, "message": ""})


def room_events(count: int) -> list[dict[str, Any]]:
    return [tip(second) for second in range(1, count + 1)]


@dataclass
class Worker:
    """One ingestor and everything it works on."""

    room: FakeEventsRoom
    store: FakeIngestionStore = field(default_factory=FakeIngestionStore)
    leases: FakeLeases = field(default_factory=FakeLeases)
    clock: ManualClock = field(default_factory=lambda: ManualClock(EVENING))
    drift_log: FakeDriftLog = field(default_factory=FakeDriftLog)
    configured_token: str = TOKEN
    stop: StopSignal = field(default_factory=lambda: StopSignal(grace_seconds=1.0))
    ingestor: EventsIngestor = field(init=False)
    failures: FakeFailureLog = field(init=False)
    heartbeats: FakeHeartbeats = field(init=False)

    def __post_init__(self) -> None:
        self.failures = FakeFailureLog(self.clock)
        self.heartbeats = FakeHeartbeats(self.clock)
        self.ingestor = EventsIngestor(
            broadcaster=OWNER,
            exclusion=ExclusionPolicy(["smk_lover"]),
            store=self.store,
            leases=self.leases,
            heartbeats=self.heartbeats,
            failure_log=self.failures,
            feed_for=self.room.feed,
            token_source=self.current_token,
            stop=self.stop,
            worker_id="test_host:1",
            tuning=FAST,
            rng=random.Random(7),
            drift=ContractDriftReporter(self.drift_log),
        )

    async def current_token(self) -> str | None:
        return self.configured_token or None

    @property
    def cursor(self) -> EventsCursor | None:
        return self.store.tables.cursors.get(OWNER)

    def stored(self) -> list[str]:
        return self.store.stored_ids()


async def until(condition: Callable[[], bool], *, within: float = 5.0) -> None:
    for _ in range(int(within / 0.005)):
        if condition():
            return
        await anyio.sleep(0.005)
    raise AssertionError(f"still not true after {within}s")


@asynccontextmanager
async def ingesting(*workers: Worker) -> AsyncIterator[None]:
    """Run the workers' ingestors for the block; then stop them: each `run` must return."""
    with anyio.fail_after(10.0):
        async with anyio.create_task_group() as tasks:
            for worker in workers:
                tasks.start_soon(worker.ingestor.run)
            try:
                yield
            finally:
                for worker in workers:
                    worker.stop.request()


def ids(events: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in events]


async def test_a_batch_is_stored_with_its_cursor_when_the_feed_sends_events() -> None:
    events = room_events(5)
    worker = Worker(FakeEventsRoom(events, token=TOKEN, page_size=2))

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 5)
        # The heartbeat keeps its own pace: the beat written last may still be one written before
        # the ingestor noted the last batch, so wait for one that reports the last event.
        last_event_at = T0 + timedelta(seconds=5)
        await until(lambda: worker.heartbeats.beats[-1].last_event_at == last_event_at)

        assert worker.stored() == ids(events)
        assert worker.cursor == EventsCursor(last_event_id=events[-1]["id"])
        assert worker.heartbeats.beats[-1].last_error is None


async def test_a_stop_request_ends_the_loop_and_lets_go_of_the_lease() -> None:
    worker = Worker(FakeEventsRoom(room_events(2), token=TOKEN))

    returned = anyio.Event()

    async def run() -> None:
        await worker.ingestor.run()
        returned.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run)
        await until(lambda: len(worker.stored()) == 2)
        worker.stop.request()
        with anyio.fail_after(1.0):
            await returned.wait()

    assert worker.leases.holders == {}
    assert worker.heartbeats.beats[-1].last_event_at == T0 + timedelta(seconds=2)


class StalledStore(FakeIngestionStore):
    """A database that takes the batch and never answers."""

    def __init__(self) -> None:
        super().__init__()
        self.reached = anyio.Event()
        self.left = anyio.Event()

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[FakeIngestionBatch]:
        self.reached.set()
        try:
            await anyio.sleep_forever()
        finally:
            # A statement cut short cleans up after itself: this wait must not be cut too.
            await anyio.sleep(0.01)
            self.left.set()
        yield FakeIngestionBatch(self.tables, iter(()))  # never reached


async def test_a_batch_still_storing_when_the_stop_s_grace_runs_out_is_left_and_fetched_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = StalledStore()
    worker = Worker(
        FakeEventsRoom(room_events(2), token=TOKEN),
        store=store,
        stop=StopSignal(grace_seconds=0.2),
    )

    with anyio.fail_after(5.0), caplog.at_level(logging.WARNING, logger="mhc.worker"):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(worker.ingestor.run)
            await store.reached.wait()
            worker.stop.request()

    assert store.left.is_set()
    assert worker.stored() == []
    assert worker.cursor is None
    assert worker.leases.holders == {}
    assert "stopping with 2 event(s) not stored" in caplog.text


async def test_nothing_is_consumed_when_a_stop_came_before_the_start() -> None:
    worker = Worker(FakeEventsRoom(room_events(2), token=TOKEN))
    worker.stop.request()

    with anyio.fail_after(1.0):
        await worker.ingestor.run()

    assert worker.stored() == []
    assert worker.leases.holders == {}


async def test_nothing_runs_while_no_token_is_set_and_ingestion_starts_once_one_is() -> None:
    events = room_events(2)
    worker = Worker(FakeEventsRoom(events, token=TOKEN), configured_token="")

    async with ingesting(worker):
        await anyio.sleep(10 * FAST.token_check_seconds)

        assert worker.stored() == []
        assert worker.heartbeats.beats == []
        assert worker.leases.holders == {}

        worker.configured_token = TOKEN
        await until(lambda: worker.stored() == ids(events))


async def test_answers_read_while_the_database_is_away_are_stored_together_when_back() -> None:
    first, backlog = room_events(2), [tip(second) for second in range(10, 30)]
    room = FakeEventsRoom(first, token=TOKEN)
    worker = Worker(room)

    async with ingesting(worker):
        await until(lambda: worker.stored() == ids(first))
        worker.store.unavailable = True
        room.add(*backlog)
        # The feed is read on while the database is away: all ten answers wait in memory.
        await until(lambda: room.served == backlog[-1]["id"])
        opened = worker.store.batches_opened
        worker.store.unavailable = False
        await until(lambda: worker.stored() == ids(first + backlog))

    # The answer in hand when the database went away, then all that waited behind it.
    assert worker.store.batches_opened - opened <= 2
    assert worker.cursor == EventsCursor(last_event_id=backlog[-1]["id"])


async def test_a_removed_token_stops_ingestion_and_lets_go_of_the_lease() -> None:
    first, later = room_events(2), [tip(second) for second in (10, 11)]
    room = FakeEventsRoom(first, token=TOKEN)
    worker = Worker(room)

    async with ingesting(worker):
        await until(lambda: worker.stored() == ids(first))
        worker.configured_token = ""
        await until(lambda: worker.leases.holders == {})
        room.add(*later)
        await anyio.sleep(10 * FAST.token_check_seconds)

        assert worker.stored() == ids(first)
        assert "no Events API token" in (worker.heartbeats.beats[-1].last_error or "")

        worker.configured_token = TOKEN
        await until(lambda: worker.stored() == ids(first + later))


async def test_a_changed_token_replaces_the_one_in_use_without_a_restart() -> None:
    events = room_events(3)
    room = FakeEventsRoom(events[:1], token=TOKEN)
    worker = Worker(room)

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 1)
        room.token = "replacement-token-03"
        worker.configured_token = "replacement-token-03"
        room.add(*events[1:])
        await until(lambda: worker.stored() == ids(events))

    assert worker.ingestor.state.last_error is None


async def test_a_refused_token_is_recorded_once_and_waited_out_until_a_new_one_is_set() -> None:
    events = room_events(3)
    worker = Worker(FakeEventsRoom(events, token="renewed-token-0002"))

    async with ingesting(worker):
        await until(lambda: len(worker.failures.failures) == 1)
        # Several token checks go by: the same token is not tried again meanwhile.
        await anyio.sleep(10 * FAST.token_check_seconds)

        assert worker.stored() == []
        assert len(worker.failures.failures) == 1
        assert worker.failures.failures[0].status == 401
        assert "refused the token" in (worker.ingestor.state.last_error or "")

        worker.configured_token = "renewed-token-0002"
        await until(lambda: len(worker.stored()) == 3)

        assert worker.stored() == ids(events)
        assert worker.ingestor.state.last_error is None
        assert len(worker.failures.failures) == 1


async def test_feed_failures_are_waited_out_and_recorded_once_per_outage() -> None:
    events = room_events(4)
    room = FakeEventsRoom(events, token=TOKEN)
    room.fail_next(
        ExternalServiceError("cb_events", "HTTP 502", status=502),
        RateLimited("cb_events", "rate limited (HTTP 429)", retry_after=0.01),
        ExternalServiceError("cb_events", "the longpoll timed out"),
    )
    worker = Worker(room)

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 4)

        assert worker.stored() == ids(events)
        assert [f.status for f in worker.failures.failures] == [502]
        assert worker.ingestor.state.last_error is None


async def test_the_ingestor_stands_by_while_another_worker_holds_the_lease() -> None:
    worker = Worker(FakeEventsRoom(room_events(3), token=TOKEN))
    other = await worker.leases.try_acquire(worker.ingestor.lease_name)
    assert other is not None

    async with ingesting(worker):
        await anyio.sleep(20 * FAST.standby_seconds)

        assert worker.stored() == []
        assert worker.cursor is None

        await other.release()
        await until(lambda: len(worker.stored()) == 3)


async def test_a_lost_lease_stands_by_when_another_worker_took_it_meanwhile() -> None:
    room = FakeEventsRoom(room_events(2), token=TOKEN)
    worker = Worker(room)
    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 2)

        # The database restarts: the lock goes with its session and another worker takes it.
        worker.leases.drop_sessions()
        other = await worker.leases.try_acquire(worker.ingestor.lease_name)
        assert other is not None
        await anyio.sleep(20 * FAST.lease_check_seconds)
        more = [tip(10), tip(11)]
        room.add(*more)
        await anyio.sleep(20 * FAST.standby_seconds)

        assert len(worker.stored()) == 2

        await other.release()
        await until(lambda: len(worker.stored()) == 4)
        assert worker.stored()[2:] == ids(more)


async def test_a_bug_in_one_batch_starts_over_from_the_stored_cursor() -> None:
    events = room_events(6)
    # The rest of the events come after the bug: however fast the worker, it meets the bug
    # in the middle of the room's events, not after the last of them.
    room = FakeEventsRoom(events[:2], token=TOKEN, page_size=2)
    worker = Worker(room)
    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 2)

        room.fail_next(RuntimeError("a bug while reading a page"))
        room.add(*events[2:])
        await until(lambda: len(worker.stored()) == 6)

        assert room.failures == []
        assert worker.stored() == ids(events)
        assert worker.cursor == EventsCursor(last_event_id=events[-1]["id"])
        assert worker.ingestor.state.last_error is None


async def test_a_batch_is_stored_after_the_database_comes_back_when_it_was_away() -> None:
    events = room_events(3)
    worker = Worker(FakeEventsRoom(events, token=TOKEN))
    worker.store.unavailable = True

    async with ingesting(worker):
        await until(lambda: (worker.ingestor.state.last_error or "").startswith("database:"))
        assert worker.stored() == []

        worker.store.unavailable = False
        await until(lambda: len(worker.stored()) == 3)

        assert worker.stored() == ids(events)
        assert worker.ingestor.state.last_error is None


async def test_a_batch_that_fails_to_store_is_retried_until_it_is_stored() -> None:
    events = room_events(2)
    worker = Worker(FakeEventsRoom(events, token=TOKEN, page_size=2))
    worker.store.fail_next(RuntimeError("a bug while storing"), RuntimeError("again"))

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 2)

        assert worker.stored() == ids(events)
        assert worker.cursor == EventsCursor(last_event_id=events[-1]["id"])


async def test_drift_is_recorded_once_per_batch_when_its_events_differ_from_the_contract() -> None:
    odd = [
        event("tipGoalReached", 1, goal=500),
        event("tipGoalReached", 2, goal=600),
        tip(3),
    ]
    worker = Worker(FakeEventsRoom([*odd, tip(4), tip(5)], token=TOKEN, page_size=3))

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 5)
        await until(lambda: bool(worker.drift_log.writes))

        # Two batches: the first differs (two events of an unknown method), the second does not.
        assert len(worker.drift_log.writes) == 1
        assert worker.drift_log.counts() == {("unknown_method", "tipGoalReached"): 2}


async def test_drift_examples_never_carry_the_token_when_an_event_holds_it() -> None:
    leaky = event("tip", 1, tip={"tokens": 5, "isAnon": False, "message": f"hi {TOKEN}"}, x=1)
    worker = Worker(FakeEventsRoom([leaky], token=TOKEN))

    async with ingesting(worker):
        await until(lambda: bool(worker.drift_log.writes))

        [[seen]] = worker.drift_log.writes
        assert seen.subject == "$.events[].object.x"
        assert TOKEN not in str(seen.example)


async def test_ingestion_goes_on_when_the_drift_log_cannot_be_written() -> None:
    worker = Worker(FakeEventsRoom([event("tipGoalReached", 1, goal=5), tip(2)], token=TOKEN))
    worker.drift_log.failing = True

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 2)

        assert worker.drift_log.writes == []


async def test_an_absurd_retry_after_is_waited_only_up_to_the_cap_when_rate_limited() -> None:
    events = room_events(2)
    room = FakeEventsRoom(events, token=TOKEN)
    # A day: honoured as it stands, the room's record would stall until tomorrow.
    room.fail_next(RateLimited("cb_events", "rate limited (HTTP 429)", retry_after=86_400))
    worker = Worker(room)
    worker.ingestor._tuning = dataclasses.replace(FAST, max_retry_after_seconds=0.05)

    async with ingesting(worker):
        await until(lambda: len(worker.stored()) == 2, within=3.0)

    assert worker.stored() == ids(events)


def test_retry_after_is_capped_at_five_minutes_by_default() -> None:
    assert IngestorTuning().max_retry_after_seconds == 300.0
