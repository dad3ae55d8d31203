"""The owner's settings: the time zone and the 12- or 24-hour clock of every time shown."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.params import JSONBody

from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.settings import SettingsOut, SettingsRequest
from mhc.domain.owner_clock import OwnerClock
from mhc.services.owner_clock import OwnerClockService


class SettingsController(Controller):
    path = "/settings"
    tags = ["settings"]

    @get(operation_id="getSettings", responses=PROBLEM_RESPONSES)
    async def read(self, owner_clock: Injected[OwnerClockService]) -> SettingsOut:
        """The owner's time zone and clock (MHC_TIMEZONE, else UTC, on 24 hours until saved).

        Times in every answer stay instants with their offset; the zone and clock say how the
        panel shows them, and the stream report and the analysis' wording follow them."""
        return _settings(await owner_clock.current(), owner_clock)

    @put(operation_id="updateSettings", responses=PROBLEM_RESPONSES)
    async def update(
        self, data: JSONBody[SettingsRequest], owner_clock: Injected[OwnerClockService]
    ) -> SettingsOut:
        """Save the owner's time zone and clock. A `timezone` that is not an IANA zone name
        this server knows is refused with 400 naming the field, and nothing changes."""
        saved = await owner_clock.update(timezone=data.timezone, clock=data.clock.value)
        return _settings(saved, owner_clock)


def _settings(clock: OwnerClock, service: OwnerClockService) -> SettingsOut:
    return SettingsOut(
        timezone=clock.timezone, clock=clock.clock, default_timezone=service.default.timezone
    )
