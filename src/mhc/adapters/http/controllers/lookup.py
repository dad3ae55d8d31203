"""POST /api/lookup: the home page's search."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.lookup import LookupRequest, LookupResponse
from mhc.services import lookup as use_case
from mhc.services.lookup import LookupService


class LookupController(Controller):
    path = "/lookup"
    tags = ["lookup"]

    @post(operation_id="lookup", status_code=200, responses=PROBLEM_RESPONSES)
    async def lookup(
        self, data: JSONBody[LookupRequest], lookup: Injected[LookupService]
    ) -> LookupResponse:
        """Every username typed or pasted, with what is known of each; names the panel has never
        seen are listed in `newNames` and created only when the owner acts on them (or when a
        Statbate capture asked for finds them). The broadcaster is never a result.

        A failing external API does not fail the lookup: its failure is listed in `failures`.
        """
        outcome = await lookup.lookup(present(data, use_case.LookupRequest))
        return present(outcome, LookupResponse)
