"""Contract drift: what the external services sent that their contracts did not say."""

from __future__ import annotations

from litestar import Controller, get

from mhc.adapters.http.controllers.params import Injected, Limit, Offset
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.drift import DriftPage
from mhc.ports.drift import DriftLog


class DriftController(Controller):
    path = "/drift"
    tags = ["operations"]

    @get(operation_id="listDrift", responses=PROBLEM_RESPONSES)
    async def drift(
        self, drift: Injected[DriftLog], limit: Limit = 50, offset: Offset = 0
    ) -> DriftPage:
        """Differences between the services' answers and their contracts, most recent first."""
        page = await drift.entries(limit=limit, offset=offset)
        return present(page, DriftPage)
