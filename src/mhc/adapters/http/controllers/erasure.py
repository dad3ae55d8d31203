"""Forgetting one person from the panel: what would go, then the erasure itself, confirmed by
typing the person's name as `mhc forget` asks for it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from mhc.adapters.http.controllers.params import Injected, PersonId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.principals import Principal
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.export import ErasureOut, ErasurePlanOut, ErasureRequest
from mhc.domain.errors import InvalidInput
from mhc.domain.usernames import normalize_username
from mhc.services.erasure import ErasureService

OwnerRequest = Request[Principal, Principal, Any]


class PersonErasureController(Controller):
    path = "/person/{person_id:int}/erasure"
    tags = ["export"]

    @get(operation_id="planPersonErasure", responses=PROBLEM_RESPONSES)
    async def plan(self, person_id: PersonId, erasures: Injected[ErasureService]) -> ErasurePlanOut:
        """The rows forgetting the person would delete, per table. 409 for the broadcaster and
        for an excluded name (kept on purpose)."""
        plan = await erasures.plan_person(person_id)
        return ErasurePlanOut(
            person_id=plan.person.id, username=plan.person.username, counts=plan.counts
        )

    @post(operation_id="erasePerson", status_code=201, responses=PROBLEM_RESPONSES)
    async def erase(
        self,
        request: OwnerRequest,
        person_id: PersonId,
        data: JSONBody[ErasureRequest],
        erasures: Injected[ErasureService],
    ) -> ErasureOut:
        """Forget the person and everything about them, for good (audited, the name kept only
        as a keyed digest). `confirm` must be their username (400 otherwise)."""
        plan = await erasures.plan_person(person_id)
        try:
            typed = normalize_username(data.confirm)
        except InvalidInput:
            typed = ""
        if typed != plan.person.username:
            raise InvalidInput(
                f"type {plan.person.username} to confirm: nothing was erased", field="confirm"
            )
        actor = "panel" if request.user.kind == "session" else f"api key {request.user.api_key_id}"
        record = await erasures.erase(plan, actor=actor, reason=data.reason)
        return present(record, ErasureOut)
