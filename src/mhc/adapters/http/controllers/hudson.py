"""GET /api/hudson: the owner's own page."""

from __future__ import annotations

from litestar import Controller, get

from mhc.adapters.http import presenters
from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.hudson import HudsonOut
from mhc.ports.read_models import ReadModels

RECENT = 25
SESSIONS = 10


class HudsonController(Controller):
    path = "/hudson"
    tags = ["hudson"]

    @get(operation_id="getHudson", responses=PROBLEM_RESPONSES)
    async def overview(
        self, read_models: Injected[ReadModels], broadcaster: Injected[str]
    ) -> HudsonOut:
        """Stats API figures with deltas, Statbate model info, recent tips and interactions,
        recent sessions; every figure says its source and when it was captured."""
        overview = await read_models.hudson_overview(
            broadcaster, recent_limit=RECENT, session_limit=SESSIONS
        )
        return presenters.hudson(overview)
