"""People: the directory, a person's page, timelines, aliases, notes and attributes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from litestar import Controller, delete, get, patch, post, put
from litestar.params import Parameter

from mhc.adapters.http.controllers.params import (
    MAX_ID,
    Limit,
    NoteId,
    Offset,
    PersonId,
)
from mhc.adapters.http.presenters import present
from mhc.adapters.http.schemas import (
    AliasOut,
    AliasRequest,
    AttributeOut,
    AttributesRequest,
    DirectoryPage,
    InteractionPage,
    NoteOut,
    NoteRequest,
    PersonDetailOut,
    SnapshotPage,
)
from mhc.domain.errors import NotFound
from mhc.domain.models import (
    InteractionFilters,
    InteractionSource,
    InteractionType,
    Role,
    SnapshotSource,
)
from mhc.domain.services.attributes import AttributeInput, AttributeService
from mhc.domain.services.interactions import check_filters
from mhc.domain.services.lookup import LookupService
from mhc.domain.services.notes import NoteService
from mhc.domain.services.people import PeopleService
from mhc.ports.read_models import DirectoryQuery, DirectorySort, ReadModels

Order = Literal["asc", "desc"]


class PeopleController(Controller):
    path = "/people"
    tags = ["people"]

    @get(operation_id="listPeople")
    async def directory(
        self,
        read_models: ReadModels,
        q: Annotated[str | None, Parameter(max_length=100)] = None,
        role: Role | None = None,
        watchlist_id: Annotated[int | None, Parameter(query="watchlistId", ge=1, le=MAX_ID)] = None,
        excluded: bool | None = None,
        seen_since: Annotated[datetime | None, Parameter(query="seenSince")] = None,
        min_spend: Annotated[int | None, Parameter(query="minSpend", ge=0, le=MAX_ID)] = None,
        sort: DirectorySort = "lastSeen",
        order: Order = "desc",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> DirectoryPage:
        """Search by username or alias prefix; excluded persons only with `excluded=true`."""
        page = await read_models.people_directory(
            DirectoryQuery(
                q=q,
                role=role,
                watchlist_id=watchlist_id,
                excluded=excluded,
                seen_since=seen_since,
                min_spend=min_spend,
                sort=sort,
                descending=order == "desc",
                limit=limit,
                offset=offset,
            )
        )
        return present(page, DirectoryPage)


class PersonController(Controller):
    path = "/person/{person_id:int}"
    tags = ["people"]

    @get(operation_id="getPerson")
    async def get_person(self, person_id: PersonId, lookup: LookupService) -> PersonDetailOut:
        return present(await lookup.profile(person_id), PersonDetailOut)

    @get("/snapshots", operation_id="listPersonSnapshots")
    async def snapshots(
        self,
        person_id: PersonId,
        read_models: ReadModels,
        source: SnapshotSource | None = None,
        include_raw: Annotated[bool, Parameter(query="includeRaw")] = False,
        limit: Limit = 500,
        offset: Offset = 0,
    ) -> SnapshotPage:
        """The snapshot timeline, oldest first (for charts)."""
        page = await read_models.snapshot_timeline(
            person_id, source=source, include_raw=include_raw, limit=limit, offset=offset
        )
        if page is None:
            raise NotFound(f"person {person_id} does not exist")
        return present(page, SnapshotPage)

    @get("/interactions", operation_id="listPersonInteractions")
    async def interactions(
        self,
        person_id: PersonId,
        read_models: ReadModels,
        types: Annotated[list[InteractionType] | None, Parameter(query="type")] = None,
        sources: Annotated[list[InteractionSource] | None, Parameter(query="source")] = None,
        since: datetime | None = None,
        until: datetime | None = None,
        session_id: Annotated[int | None, Parameter(query="sessionId", ge=1, le=MAX_ID)] = None,
        sort: Order = "desc",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> InteractionPage:
        filters = InteractionFilters(
            types=tuple(types or ()),
            sources=tuple(sources or ()),
            since=since,
            until=until,
            session_id=session_id,
            newest_first=sort == "desc",
            limit=limit,
            offset=offset,
        )
        check_filters(filters)
        page = await read_models.person_interactions(person_id, filters)
        if page is None:
            raise NotFound(f"person {person_id} does not exist")
        return present(page, InteractionPage)

    @get("/aliases", operation_id="listPersonAliases")
    async def aliases(self, person_id: PersonId, people: PeopleService) -> list[AliasOut]:
        return [present(alias, AliasOut) for alias in await people.list_aliases(person_id)]

    @post("/aliases", operation_id="addPersonAlias", status_code=201)
    async def add_alias(
        self, person_id: PersonId, data: AliasRequest, people: PeopleService
    ) -> AliasOut:
        """Record another (or former) username; 409 when it is someone's name already."""
        return present(await people.add_alias(person_id, data.alias), AliasOut)

    @post("/note", operation_id="addPersonNote", status_code=201)
    async def add_note(self, person_id: PersonId, data: NoteRequest, notes: NoteService) -> NoteOut:
        return present(await notes.add(person_id, data.content), NoteOut)

    @put("/attributes", operation_id="setPersonAttributes")
    async def set_attributes(
        self, person_id: PersonId, data: AttributesRequest, attributes: AttributeService
    ) -> list[AttributeOut]:
        """Make the stored attributes exactly these (keys left out are deleted)."""
        items = [present(item, AttributeInput) for item in data.attributes]
        stored = await attributes.set_many(person_id, items)
        return [present(attribute, AttributeOut) for attribute in stored]


class NoteController(Controller):
    path = "/note/{note_id:int}"
    tags = ["people"]

    @patch(operation_id="editNote")
    async def edit(self, note_id: NoteId, data: NoteRequest, notes: NoteService) -> NoteOut:
        return present(await notes.edit(note_id, data.content), NoteOut)

    @delete(operation_id="deleteNote", status_code=204)
    async def remove(self, note_id: NoteId, notes: NoteService) -> None:
        await notes.delete(note_id)
