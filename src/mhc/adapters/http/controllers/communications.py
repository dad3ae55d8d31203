"""A person's threads with the owner, and PMs or DMs the owner records by hand."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from mhc.adapters.http.controllers.params import Injected, PersonId, exact_bounds
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import InteractionOut
from mhc.adapters.http.schemas.communications import CommunicationsOut, NewMessageRequest
from mhc.services.communications import MAX_THREAD, CommunicationsService, NewMessage


class CommunicationsController(Controller):
    path = "/person/{person_id:int}"
    tags = ["people"]

    @get("/communications", operation_id="getPersonCommunications", responses=PROBLEM_RESPONSES)
    async def threads(
        self,
        person_id: PersonId,
        communications: Injected[CommunicationsService],
        limit: Annotated[
            int,
            QueryParameter(
                ge=1,
                le=MAX_THREAD,
                description="newest messages of each thread (1-500)",
                schema_extra=exact_bounds(1, MAX_THREAD),
            ),
        ] = 200,
    ) -> CommunicationsOut:
        """PM, DM and public chat as threads (the owner's messages marked `fromOwner`), tips, and
        the newest tip menu seen of them."""
        return present(await communications.threads(person_id, limit=limit), CommunicationsOut)

    @post(
        "/messages",
        operation_id="addPersonMessage",
        status_code=201,
        responses=PROBLEM_RESPONSES,
    )
    async def add_message(
        self,
        person_id: PersonId,
        data: JSONBody[NewMessageRequest],
        communications: Injected[CommunicationsService],
    ) -> InteractionOut:
        """Record a PM or DM with this person, from them or from the owner (source `manual`).
        400 naming `occurredAt` for a time in the future, naming `personId` on the broadcaster's
        own page; 409 for an excluded person."""
        stored = await communications.add_message(person_id, present(data, NewMessage))
        return InteractionOut(
            id=stored.id,
            person_id=stored.person_id,
            session_id=stored.stream_session_id,
            type=stored.type,
            content=stored.content,
            occurred_at=stored.occurred_at,
            source=stored.source,
            metadata=stored.metadata,
        )
