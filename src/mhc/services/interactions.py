"""Interactions: the append-only history of what happened with a person."""

from __future__ import annotations

from datetime import datetime

from mhc.domain.errors import InvalidInput
from mhc.domain.models import (
    Interaction,
    InteractionFilters,
    InteractionSource,
    InteractionType,
    JsonObject,
    NewInteraction,
)
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import (
    check_aware,
    check_page,
    require_person,
    require_session,
)

MAX_PAGE = 500
MAX_SESSION_PAGE = 1000


def check_filters(filters: InteractionFilters) -> None:
    """InvalidInput naming the field: limit 1..500, offset >= 0, aware since <= until."""
    check_page(filters.limit, filters.offset, max_limit=MAX_PAGE)
    if filters.since is not None:
        check_aware(filters.since, "since")
    if filters.until is not None:
        check_aware(filters.until, "until")
    if filters.since is not None and filters.until is not None and filters.since > filters.until:
        raise InvalidInput("since must not be later than until", field="since")


async def record_interaction(uow: UnitOfWork, interaction: NewInteraction) -> Interaction | None:
    """Store one interaction; None when its source event was stored before."""
    check_aware(interaction.occurred_at, "timestamp")
    await require_person(uow, interaction.person_id)
    if interaction.stream_session_id is not None:
        await require_session(uow, interaction.stream_session_id)
    return await uow.interactions.add(interaction)


class InteractionService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def create(
        self,
        person_id: int,
        type: InteractionType,
        content: str | None,
        timestamp: datetime,
        source: InteractionSource,
        metadata: JsonObject | None = None,
        session_id: int | None = None,
        source_event_id: str | None = None,
    ) -> Interaction | None:
        """Store an interaction; None when `source_event_id` was stored before for `source`."""
        interaction = NewInteraction(
            person_id=person_id,
            type=type,
            content=content,
            occurred_at=timestamp,
            source=source,
            metadata=metadata or {},
            stream_session_id=session_id,
            source_event_id=source_event_id,
        )
        async with self._uow_factory() as uow:
            stored = await record_interaction(uow, interaction)
            await uow.commit()
        return stored

    async def get_by_person(
        self, person_id: int, filters: InteractionFilters | None = None
    ) -> list[Interaction]:
        chosen = filters or InteractionFilters()
        check_filters(chosen)
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.interactions.by_person(person_id, chosen)

    async def count_by_person(
        self, person_id: int, filters: InteractionFilters | None = None
    ) -> int:
        """How many interactions match `filters`, ignoring its limit and offset."""
        chosen = filters or InteractionFilters()
        check_filters(chosen)
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.interactions.count_by_person(person_id, chosen)

    async def get_by_session(
        self, session_id: int, *, limit: int = 1000, offset: int = 0
    ) -> list[Interaction]:
        """A session's interactions, oldest first."""
        check_page(limit, offset, max_limit=MAX_SESSION_PAGE)
        async with self._uow_factory() as uow:
            await require_session(uow, session_id)
            return await uow.interactions.by_session(session_id, limit=limit, offset=offset)
