"""People: the directory, a person's page, timelines, aliases, notes and attributes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromQuery, JSONBody, QueryParameter

from mhc.adapters.http.controllers.params import (
    Injected,
    Limit,
    NoteId,
    Offset,
    PersonId,
    exact_bounds,
)
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import MAX_ID, NO_NUL, AttributeOut, NoteOut, PersonDetailOut
from mhc.adapters.http.schemas.people import (
    AliasOut,
    AliasRequest,
    AttributesRequest,
    DirectoryPage,
    InteractionPage,
    NoteRequest,
    OpenedPersonOut,
    OpenPersonRequest,
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
from mhc.ports.read_models import DirectoryQuery, DirectorySort, ReadModels
from mhc.services.attributes import AttributeInput, AttributeService
from mhc.services.interactions import check_filters
from mhc.services.lookup import LookupService
from mhc.services.notes import NoteService
from mhc.services.people import PeopleService

Order = Literal["asc", "desc"]


class PeopleController(Controller):
    path = "/people"
    tags = ["people"]

    @get(operation_id="listPeople", responses=PROBLEM_RESPONSES)
    async def directory(
        self,
        read_models: Injected[ReadModels],
        q: Annotated[str | None, QueryParameter(max_length=100, pattern=NO_NUL)] = None,
        role: FromQuery[Role | None] = None,
        watchlist_id: Annotated[
            int | None,
            QueryParameter(
                name="watchlistId", ge=1, le=MAX_ID, schema_extra=exact_bounds(1, MAX_ID)
            ),
        ] = None,
        excluded: FromQuery[bool | None] = None,
        seen_since: Annotated[datetime | None, QueryParameter(name="seenSince")] = None,
        min_spend: Annotated[
            int | None,
            QueryParameter(name="minSpend", ge=0, le=MAX_ID, schema_extra=exact_bounds(0, MAX_ID)),
        ] = None,
        sort: FromQuery[DirectorySort] = "lastSeen",
        order: FromQuery[Order] = "desc",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> DirectoryPage:
        """Search any part of a name, alias, note or tag; excluded persons only if asked."""
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

    @post(operation_id="openPerson", status_code=200, responses=PROBLEM_RESPONSES)
    async def open(
        self, data: JSONBody[OpenPersonRequest], people: Injected[PeopleService]
    ) -> OpenedPersonOut:
        """The person of a name, created when the owner opens a name the panel has never seen
        (`created` true); opening a known person changes nothing about them."""
        person, created = await people.open(data.username, data.role or Role.UNKNOWN)
        return OpenedPersonOut(id=person.id, username=person.username, created=created)


class PersonController(Controller):
    path = "/person/{person_id:int}"
    tags = ["people"]

    @get(operation_id="getPerson", responses=PROBLEM_RESPONSES)
    async def get_person(
        self, person_id: PersonId, lookup: Injected[LookupService]
    ) -> PersonDetailOut:
        return present(await lookup.profile(person_id), PersonDetailOut)

    @get("/snapshots", operation_id="listPersonSnapshots", responses=PROBLEM_RESPONSES)
    async def snapshots(
        self,
        person_id: PersonId,
        read_models: Injected[ReadModels],
        source: FromQuery[SnapshotSource | None] = None,
        include_raw: Annotated[bool, QueryParameter(name="includeRaw")] = False,
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

    @get("/interactions", operation_id="listPersonInteractions", responses=PROBLEM_RESPONSES)
    async def interactions(
        self,
        person_id: PersonId,
        read_models: Injected[ReadModels],
        types: Annotated[list[InteractionType] | None, QueryParameter(name="type")] = None,
        sources: Annotated[list[InteractionSource] | None, QueryParameter(name="source")] = None,
        since: Annotated[
            datetime | None,
            QueryParameter(description="only interactions at or after this time (inclusive)"),
        ] = None,
        until: Annotated[
            datetime | None,
            QueryParameter(description="only interactions before this time (exclusive end)"),
        ] = None,
        session_id: Annotated[
            int | None,
            QueryParameter(name="sessionId", ge=1, le=MAX_ID, schema_extra=exact_bounds(1, MAX_ID)),
        ] = None,
        sort: FromQuery[Order] = "desc",
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

    @get("/aliases", operation_id="listPersonAliases", responses=PROBLEM_RESPONSES)
    async def aliases(self, person_id: PersonId, people: Injected[PeopleService]) -> list[AliasOut]:
        return [present(alias, AliasOut) for alias in await people.list_aliases(person_id)]

    @post("/aliases", operation_id="addPersonAlias", status_code=201, responses=PROBLEM_RESPONSES)
    async def add_alias(
        self, person_id: PersonId, data: JSONBody[AliasRequest], people: Injected[PeopleService]
    ) -> AliasOut:
        """Record another (or former) username; 409 when it is someone's name already."""
        return present(await people.add_alias(person_id, data.alias), AliasOut)

    @post("/note", operation_id="addPersonNote", status_code=201, responses=PROBLEM_RESPONSES)
    async def add_note(
        self, person_id: PersonId, data: JSONBody[NoteRequest], notes: Injected[NoteService]
    ) -> NoteOut:
        return present(await notes.add(person_id, data.content), NoteOut)

    @put("/attributes", operation_id="setPersonAttributes", responses=PROBLEM_RESPONSES)
    async def set_attributes(
        self,
        person_id: PersonId,
        data: JSONBody[AttributesRequest],
        person_attributes: Injected[AttributeService],
    ) -> list[AttributeOut]:
        """Make the stored attributes exactly these (keys left out are deleted)."""
        items = [present(item, AttributeInput) for item in data.attributes]
        stored = await person_attributes.set_many(person_id, items)
        return [present(attribute, AttributeOut) for attribute in stored]


class NoteController(Controller):
    path = "/note/{note_id:int}"
    tags = ["people"]

    @patch(operation_id="editNote", responses=PROBLEM_RESPONSES)
    async def edit(
        self, note_id: NoteId, data: JSONBody[NoteRequest], notes: Injected[NoteService]
    ) -> NoteOut:
        return present(await notes.edit(note_id, data.content), NoteOut)

    @delete(operation_id="deleteNote", status_code=204, responses=PROBLEM_RESPONSES)
    async def remove(self, note_id: NoteId, notes: Injected[NoteService]) -> None:
        await notes.delete(note_id)
