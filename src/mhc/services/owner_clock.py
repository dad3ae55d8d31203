"""The owner's clock: the time zone and 12/24-hour choice every time the panel shows follows."""

from __future__ import annotations

from mhc.domain.owner_clock import OwnerClock, default_clock, owner_clock
from mhc.ports.owner_clock import OwnerClockStore


class OwnerClockService:
    """The clock the owner saved, or until then `default_timezone` (MHC_TIMEZONE) on a
    24-hour clock, UTC when that is no zone name."""

    def __init__(self, store: OwnerClockStore, *, default_timezone: str | None) -> None:
        self._store = store
        self.default = default_clock(default_timezone)

    async def current(self) -> OwnerClock:
        return await self._store.load() or self.default

    async def update(self, *, timezone: str, clock: str) -> OwnerClock:
        """Save the owner's choice; InvalidInput naming the field (nothing saved) when a value
        is not an IANA zone name or not 12h/24h."""
        chosen = owner_clock(timezone, clock)
        await self._store.save(chosen)
        return chosen
