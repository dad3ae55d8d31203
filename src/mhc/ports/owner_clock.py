"""Where the owner's clock (time zone and 12/24-hour choice) is kept, and how use cases read it."""

from __future__ import annotations

from typing import Protocol

from mhc.domain.owner_clock import OwnerClock


class OwnerClockStore(Protocol):
    async def load(self) -> OwnerClock | None:
        """The clock the owner saved; None until they save one."""
        ...

    async def save(self, clock: OwnerClock) -> None: ...


class OwnerClockSource(Protocol):
    """The clock in force now: the owner's, or the configured default."""

    async def current(self) -> OwnerClock: ...
