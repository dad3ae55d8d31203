"""A paid account's call budget, shared by every process through a store, handed out in
priority order within this one.

Each client gets a lane (`budget.lane(Lane.ROOM)`) and waits on it before every request, as it
would on a TokenBucket. Inside the process, callers queue by lane and then by arrival: only the
first in the queue asks the store, so a backfill never takes a turn a room look-up is waiting
for. Between processes, the store's state and the lanes' tolerances (domain.budget) keep the
order. When the store cannot be reached (the database is down, or a command runs without
one), the budget carries on with the same rule in memory rather than stopping the calls.
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import anyio

from mhc.domain.budget import LANE_ORDER, BudgetRules, BudgetState, Lane, decide, slowed
from mhc.domain.errors import StoreUnavailable
from mhc.ports.budget import BudgetStep, CallBudgetStore

log = logging.getLogger("mhc.adapters.resilience")

WallClock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LocalBudgetStore:
    """The budget's state in this process's memory: the fallback, and the store of a budget
    nobody else shares."""

    def __init__(self, clock: WallClock = _utc_now) -> None:
        self._clock = clock
        self._states: dict[str, BudgetState] = {}

    async def update(self, account: str, step: BudgetStep) -> float:
        state, wait = step(self._states.get(account, BudgetState()), self._clock())
        self._states[account] = state
        return wait


class SharedCallBudget:
    """The budget of one account (`account` names it in the store)."""

    def __init__(
        self,
        store: CallBudgetStore | None,
        *,
        account: str,
        rules: BudgetRules | None = None,
        clock: WallClock = _utc_now,
    ) -> None:
        self.account = account
        self.rules = rules or BudgetRules()
        self._store = store
        self._local = LocalBudgetStore(clock)
        self._queue: list[tuple[int, int]] = []
        self._tickets = itertools.count()
        self._asking = False
        self._changed = anyio.Event()
        self._store_down = False

    def lane(self, lane: Lane) -> BudgetLane:
        return BudgetLane(self, lane)

    async def acquire(self, lane: Lane) -> None:
        """Return when a call of `lane` may go out."""
        ticket = (LANE_ORDER.index(lane), next(self._tickets))
        heapq.heappush(self._queue, ticket)
        try:
            while True:
                if self._queue[0] != ticket or self._asking:
                    await self._changed.wait()
                    continue
                self._asking = True
                try:
                    wait = await self._ask(lane)
                finally:
                    self._asking = False
                if wait <= 0:
                    return
                # Whoever queued ahead while the store was asked looks again now, and someone
                # more urgent who comes meanwhile asks at once. (Leaving, this caller wakes them
                # below.)
                self._wake_waiters()
                with anyio.move_on_after(wait):
                    await self._changed.wait()
        finally:
            self._queue.remove(ticket)
            heapq.heapify(self._queue)
            self._wake_waiters()

    def _wake_waiters(self) -> None:
        self._changed.set()
        self._changed = anyio.Event()

    async def slow_down(self, seconds: float | None) -> None:
        """The service answered 429: every lane (in every process) waits, then goes slower."""
        rules = self.rules

        def step(state: BudgetState, now: datetime) -> tuple[BudgetState, float]:
            return slowed(rules, state, now, seconds), 0.0

        log.warning(
            "%s answered 429: every call waits %s s, then the rate is halved for %d min",
            self.account,
            "a while" if seconds is None else f"{seconds:g}",
            rules.slow_for.total_seconds() // 60,
        )
        await self._update(step)

    async def _ask(self, lane: Lane) -> float:
        rules = self.rules

        def step(state: BudgetState, now: datetime) -> tuple[BudgetState, float]:
            decision = decide(rules, state, lane, now)
            return decision.state, decision.wait

        return await self._update(step)

    async def _update(self, step: BudgetStep) -> float:
        if self._store is not None:
            try:
                wait = await self._store.update(self.account, step)
            except StoreUnavailable as exc:
                if not self._store_down:
                    log.warning(
                        "the shared %s budget is out of reach (%s): counting in this process",
                        self.account,
                        exc,
                    )
                self._store_down = True
            else:
                if self._store_down:
                    log.info("the shared %s budget is back", self.account)
                self._store_down = False
                return wait
        return await self._local.update(self.account, step)


class BudgetLane:
    """One lane of a shared budget, as a client's rate limiter."""

    def __init__(self, budget: SharedCallBudget, lane: Lane) -> None:
        self.budget = budget
        self.lane = lane

    async def acquire(self) -> None:
        await self.budget.acquire(self.lane)

    async def slow_down(self, seconds: float | None) -> None:
        await self.budget.slow_down(seconds)
