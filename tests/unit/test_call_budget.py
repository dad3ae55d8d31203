"""The shared call budget's rule (domain.budget) and its in-process queue (SharedCallBudget)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import anyio
import anyio.lowlevel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mhc.adapters.resilience import LocalBudgetStore, SharedCallBudget
from mhc.domain.budget import BudgetRules, BudgetState, Lane, decide, slowed
from mhc.domain.errors import StoreUnavailable
from mhc.ports.budget import BudgetStep

T0 = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
RULES = BudgetRules()


def grants_within(times: list[datetime], span: timedelta) -> int:
    """The most grants any half-open span of `span` holds."""
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= span:
            start += 1
        most = max(most, end - start + 1)
    return most


ASKS = st.lists(
    st.tuples(st.floats(0.0, 1.5), st.sampled_from(list(Lane)), st.booleans()), max_size=400
)


@given(ASKS)
def test_no_span_of_a_window_holds_more_than_the_limit_when_callers_ask_at_any_pace(
    asks: list[tuple[float, Lane, bool]],
) -> None:
    state, now, granted = BudgetState(), T0, []
    for gap, lane, refused in asks:
        now += timedelta(seconds=gap)
        if refused and len(granted) % 50 == 7:
            state = slowed(RULES, state, now, 2.0)
        decision = decide(RULES, state, lane, now)
        if decision.wait == 0:
            state = decision.state
            granted.append(now)
        else:
            assert decision.state == state

    assert grants_within(granted, RULES.window + RULES.margin) <= RULES.limit


def test_a_busy_account_spends_its_limit_a_minute_when_callers_never_stop() -> None:
    state, now, granted = BudgetState(), T0, []
    while now < T0 + timedelta(minutes=10):
        decision = decide(RULES, state, Lane.ROOM, now)
        if decision.wait == 0:
            state, granted = decision.state, [*granted, now]
        else:
            now += timedelta(seconds=decision.wait)

    per_minute = len(granted) / 10
    assert 100 <= per_minute <= RULES.limit


def test_the_room_goes_first_and_backfills_wait_when_the_budget_is_busy() -> None:
    state = BudgetState()
    for _ in range(3):
        state = decide(RULES, state, Lane.ROOM, T0).state

    assert decide(RULES, state, Lane.BACKFILL, T0).wait > 0
    assert decide(RULES, state, Lane.WATCHLIST, T0).wait == 0
    assert decide(RULES, state, Lane.ROOM, T0).wait == 0


def test_every_lane_waits_out_the_pause_and_goes_slower_when_the_service_answered_429() -> None:
    state = slowed(RULES, BudgetState(), T0, 4.0)

    for lane in Lane:
        wait = decide(RULES, state, lane, T0).wait
        assert wait >= 4.0, lane
    after = T0 + timedelta(seconds=4.0) + RULES.tolerance(Lane.ROOM)
    go = decide(RULES, state, Lane.ROOM, after)
    assert go.wait == 0
    assert go.state.tat is not None
    assert state.tat is not None
    assert go.state.tat - state.tat == RULES.interval * 2
    assert state.slowed_until == T0 + RULES.slow_for


def test_rules_refuse_a_burst_that_leaves_no_steady_rate() -> None:
    with pytest.raises(ValueError, match="burst"):
        BudgetRules(limit=10, burst={Lane.ROOM: 10, Lane.WATCHLIST: 1, Lane.BACKFILL: 1})


class CountingStore:
    """A store that counts in memory, optionally unreachable."""

    def __init__(self) -> None:
        self.inner = LocalBudgetStore()
        self.down = False
        self.updates = 0

    async def update(self, account: str, step: BudgetStep) -> float:
        self.updates += 1
        if self.down:
            raise StoreUnavailable("the database is unreachable")
        return await self.inner.update(account, step)


QUICK = BudgetRules(
    limit=8,
    window=timedelta(seconds=1),
    margin=timedelta(seconds=0),
    burst={Lane.ROOM: 3, Lane.WATCHLIST: 2, Lane.BACKFILL: 1},
)


class Calls:
    """Calls through one budget, and the lanes of those that went out, in order."""

    def __init__(self, budget: SharedCallBudget) -> None:
        self.budget = budget
        self.granted: list[Lane] = []

    async def call(self, lane: Lane) -> None:
        await self.budget.acquire(lane)
        self.granted.append(lane)


class SlowStore(CountingStore):
    """A store whose every update takes a round trip of `seconds`, and says when one starts."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.asked = anyio.Event()

    async def update(self, account: str, step: BudgetStep) -> float:
        self.asked.set()
        await anyio.sleep(self.seconds)
        return await super().update(account, step)


async def test_waiting_callers_go_room_first_when_they_queue_in_one_process() -> None:
    calls = Calls(SharedCallBudget(CountingStore(), account="statbate", rules=QUICK))
    for _ in range(3):
        await calls.budget.acquire(Lane.ROOM)

    async with anyio.create_task_group() as callers:
        for lane in (Lane.BACKFILL, Lane.WATCHLIST, Lane.BACKFILL, Lane.ROOM, Lane.ROOM):
            callers.start_soon(calls.call, lane)
            await anyio.lowlevel.checkpoint()

    assert calls.granted[:2] == [Lane.ROOM, Lane.ROOM]
    assert calls.granted[2] is Lane.WATCHLIST
    assert calls.granted[3:] == [Lane.BACKFILL, Lane.BACKFILL]


async def test_room_call_queued_while_a_backfill_asks_goes_first_and_the_backfill_next() -> None:
    store = SlowStore(0.01)
    calls = Calls(SharedCallBudget(store, account="statbate", rules=QUICK))
    for _ in range(QUICK.burst[Lane.ROOM]):
        await calls.budget.acquire(Lane.ROOM)

    with anyio.fail_after(5):
        async with anyio.create_task_group() as callers:
            store.asked = anyio.Event()
            callers.start_soon(calls.call, Lane.BACKFILL)
            await store.asked.wait()
            # The backfill's ask is in flight: the room call queues ahead of it meanwhile.
            callers.start_soon(calls.call, Lane.ROOM)

    assert calls.granted == [Lane.ROOM, Lane.BACKFILL]


# A budget whose waits are milliseconds, and whose store takes a round trip of a few.
BRISK = BudgetRules(
    limit=8,
    window=timedelta(milliseconds=40),
    margin=timedelta(seconds=0),
    burst={Lane.ROOM: 3, Lane.WATCHLIST: 2, Lane.BACKFILL: 1},
)
# Callers of any lane, each arriving some milliseconds after the one before.
ARRIVALS = st.lists(
    st.tuples(st.sampled_from(list(Lane)), st.integers(min_value=0, max_value=12)),
    min_size=1,
    max_size=10,
)


# Before the queue was woken after each ask, this found callers waiting on each other for good.
@settings(max_examples=50)
@given(ARRIVALS)
def test_every_call_goes_out_however_callers_arrive_while_others_ask_and_wait(
    arrivals: list[tuple[Lane, int]],
) -> None:
    async def main() -> list[Lane]:
        calls = Calls(SharedCallBudget(SlowStore(0.004), account="statbate", rules=BRISK))
        # Milliseconds of work: the limit only ends a queue that stopped.
        with anyio.fail_after(5):
            async with anyio.create_task_group() as callers:
                for lane, gap_ms in arrivals:
                    await anyio.sleep(gap_ms / 1000)
                    callers.start_soon(calls.call, lane)
        return calls.granted

    granted = anyio.run(main)
    assert sorted(granted) == sorted(lane for lane, _ in arrivals)


async def test_the_budget_counts_in_the_process_when_its_store_is_out_of_reach() -> None:
    store = CountingStore()
    store.down = True
    budget = SharedCallBudget(store, account="statbate", rules=QUICK)

    with anyio.fail_after(5):
        for _ in range(QUICK.burst[Lane.ROOM]):
            await budget.acquire(Lane.ROOM)
        assert store.updates == QUICK.burst[Lane.ROOM]
        started = anyio.current_time()
        await budget.lane(Lane.ROOM).acquire()

    # The burst is spent: the next call waits for the steady rate, counted in memory.
    assert anyio.current_time() - started > 0.05
