"""One call budget per paid account, shared by every process and kept in priority order.

The rule is a generic cell-rate algorithm (GCRA): the budget's whole state is one moment, the
"theoretical arrival time" (TAT) of the next call at the steady rate. A call may go while the
TAT is no further ahead of now than its lane's tolerance; each call pushes the TAT one
interval further. The state is a single timestamp, so it can live in one database row that
every process (the worker, a CLI backfill beside it, the web's lookups) updates in turn.

- The steady rate spreads `limit - burst` calls over `window + margin`, and the room's lane
  may run `burst` ahead of it: no span of `window + margin` ever holds more than `limit`
  grants, so the service (which sees each call a little after its grant, by at most
  `margin`) never counts more than `limit` in a `window` either.
- Lanes are priorities. The room's lane has the largest tolerance, the watchlist jobs' a
  smaller one and backfills none: a backfill only goes when nobody else is ahead of the rate,
  and an arrival always finds room, even while a backfill in another process runs flat out.
- A 429 pushes the TAT past the pause the service asked for (every lane waits it out) and
  halves the rate for `slow_for`: everything slows down, nothing is dropped.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta


class Lane(enum.StrEnum):
    """Who is asking, most urgent first."""

    ROOM = "room"
    WATCHLIST = "watchlist"
    BACKFILL = "backfill"


LANE_ORDER: tuple[Lane, ...] = (Lane.ROOM, Lane.WATCHLIST, Lane.BACKFILL)


@dataclass(frozen=True, slots=True)
class BudgetRules:
    """The account's limit and how it is shared; the defaults are Statbate's 120 a minute."""

    limit: int = 120
    window: timedelta = timedelta(seconds=60)
    # A call reaches the service a little after its grant (network, retries queued behind a
    # slow answer): the budget counts its windows this much longer.
    margin: timedelta = timedelta(seconds=2)
    # How far ahead of the steady rate each lane may run, in calls.
    burst: dict[Lane, int] = field(
        default_factory=lambda: {Lane.ROOM: 10, Lane.WATCHLIST: 5, Lane.BACKFILL: 1}
    )
    # How long the rate stays halved after a 429, and the pause when the service names none.
    slow_for: timedelta = timedelta(minutes=5)
    default_pause: timedelta = timedelta(seconds=10)

    def __post_init__(self) -> None:
        largest = max(self.burst.values())
        if not 1 <= largest < self.limit or min(self.burst.values()) < 1:
            raise ValueError("every lane's burst must be at least 1 and below the limit")

    @property
    def interval(self) -> timedelta:
        """Time between two calls at the steady rate."""
        return (self.window + self.margin) / (self.limit - max(self.burst.values()))

    def tolerance(self, lane: Lane) -> timedelta:
        return self.interval * (self.burst[lane] - 1)


@dataclass(frozen=True, slots=True)
class BudgetState:
    """The shared state: the theoretical arrival time, and until when the rate is halved."""

    tat: datetime | None = None
    slowed_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """`wait` is 0 when the call may go now (the state is then `state`), else the seconds to
    wait before asking again (the state is unchanged)."""

    wait: float
    state: BudgetState


def decide(rules: BudgetRules, state: BudgetState, lane: Lane, now: datetime) -> Decision:
    """Whether a call of `lane` may go at `now`, and the state after it."""
    interval = rules.interval
    if state.slowed_until is not None and state.slowed_until > now:
        interval = interval * 2
    tat = now if state.tat is None or state.tat < now else state.tat
    ahead = tat - now - rules.tolerance(lane)
    if ahead > timedelta(0):
        return Decision(wait=max(ahead.total_seconds(), 0.001), state=state)
    return Decision(
        wait=0.0, state=BudgetState(tat=tat + interval, slowed_until=state.slowed_until)
    )


def slowed(
    rules: BudgetRules, state: BudgetState, now: datetime, pause_seconds: float | None
) -> BudgetState:
    """The state after the service answered 429: no lane goes before the pause is over, and
    the rate is halved for `slow_for`."""
    pause = rules.default_pause if pause_seconds is None else timedelta(seconds=pause_seconds)
    # Past the largest tolerance, so even the room's lane waits out the whole pause.
    resume = now + pause + rules.tolerance(Lane.ROOM)
    tat = resume if state.tat is None or state.tat < resume else state.tat
    until = now + rules.slow_for
    if state.slowed_until is not None and state.slowed_until > until:
        until = state.slowed_until
    return BudgetState(tat=tat, slowed_until=until)
