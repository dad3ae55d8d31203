"""Interactions: the append-only history of what happened with a person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mhc.adapters.postgres.interaction_filters import interaction_filter_params
from mhc.adapters.postgres.jsonb import to_jsonb
from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.models import Interaction, InteractionFilters, NewInteraction


class PostgresInteractionRepository(SqlRepository):
    sql_folder = "interactions"

    async def add(self, interaction: NewInteraction) -> Interaction | None:
        """Store one interaction; None when its source event id was stored before."""
        params = {
            "person_id": interaction.person_id,
            "stream_session_id": interaction.stream_session_id,
            "type": interaction.type,
            "content": interaction.content,
            "occurred_at": interaction.occurred_at,
            "source": interaction.source,
            "metadata": to_jsonb(interaction.metadata),
            "source_event_id": interaction.source_event_id,
        }
        return await self._write_one("add", params, Interaction)

    async def add_many(self, interactions: Sequence[NewInteraction]) -> int:
        """Store a batch in one statement; returns how many were new."""
        if not interactions:
            return 0
        params = {
            "person_ids": [i.person_id for i in interactions],
            "stream_session_ids": [i.stream_session_id for i in interactions],
            "types": [i.type for i in interactions],
            "contents": [i.content for i in interactions],
            "occurred_ats": [i.occurred_at for i in interactions],
            "sources": [i.source for i in interactions],
            "metadata": [to_jsonb(i.metadata) for i in interactions],
            "source_event_ids": [i.source_event_id for i in interactions],
        }
        return await self._write("add_many", params)

    async def by_person(self, person_id: int, filters: InteractionFilters) -> list[Interaction]:
        query = "by_person_newest_first" if filters.newest_first else "by_person_oldest_first"
        params = _filter_params(person_id, filters)
        return await self._fetch_all(query, params, Interaction)

    async def count_by_person(self, person_id: int, filters: InteractionFilters) -> int:
        return await self._fetch_count("count_by_person", _filter_params(person_id, filters))

    async def by_session(
        self, session_id: int, *, limit: int = 1000, offset: int = 0
    ) -> list[Interaction]:
        """A session's interactions in the order they happened."""
        params = {"session_id": session_id, "limit": limit, "offset": offset}
        return await self._fetch_all("by_session", params, Interaction)


def _filter_params(person_id: int, filters: InteractionFilters) -> dict[str, Any]:
    return {"person_id": person_id, **interaction_filter_params(filters)}
