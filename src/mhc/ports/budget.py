"""The port of a call budget shared between processes: one state per account, changed by one
caller at a time (see domain.budget for the rule)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from mhc.domain.budget import BudgetState


class BudgetStep(Protocol):
    def __call__(self, state: BudgetState, now: datetime) -> tuple[BudgetState, float]:
        """The state to keep and the seconds to wait (0: the call may go)."""
        ...


class CallBudgetStore(Protocol):
    """Where the budget's state lives. StoreUnavailable when it cannot be reached."""

    async def update(self, account: str, step: BudgetStep) -> float:
        """Under the account's lock: read its state and the store's clock, hand both to
        `step`, keep the state it returns and return its wait."""
        ...
