"""Watchlists: the five built-in lists, the owner's own, and their members."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody

from mhc.adapters.http import presenters
from mhc.adapters.http.controllers.params import Injected, Limit, Offset, PersonId, WatchlistId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.common import PersonOut, WatchlistRefOut
from mhc.adapters.http.schemas.watchlists import (
    MemberAddedOut,
    MemberRequest,
    WatchlistMemberPage,
    WatchlistOut,
    WatchlistRequest,
)
from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.usernames import normalize_username
from mhc.ports.read_models import ReadModels
from mhc.services.lookup import LookupService
from mhc.services.people import PeopleService
from mhc.services.watchlists import WatchlistService


class WatchlistsController(Controller):
    path = "/watchlists"
    tags = ["watchlists"]

    @get(operation_id="listWatchlists", responses=PROBLEM_RESPONSES)
    async def all(self, read_models: Injected[ReadModels]) -> list[WatchlistOut]:
        return [present(w, WatchlistOut) for w in await read_models.watchlists()]

    @post(operation_id="createWatchlist", status_code=201, responses=PROBLEM_RESPONSES)
    async def create(
        self, data: JSONBody[WatchlistRequest], watchlists: Injected[WatchlistService]
    ) -> WatchlistRefOut:
        """A new list of the owner's; 409 when the name is taken."""
        return present(await watchlists.create(data.name), WatchlistRefOut)


class WatchlistController(Controller):
    path = "/watchlist/{watchlist_id:int}"
    tags = ["watchlists"]

    @patch(operation_id="renameWatchlist", responses=PROBLEM_RESPONSES)
    async def rename(
        self,
        watchlist_id: WatchlistId,
        data: JSONBody[WatchlistRequest],
        watchlists: Injected[WatchlistService],
    ) -> WatchlistRefOut:
        """Rename one of the owner's lists; 409 for a built-in list or a taken name."""
        return present(await watchlists.rename(watchlist_id, data.name), WatchlistRefOut)

    @delete(operation_id="deleteWatchlist", status_code=204, responses=PROBLEM_RESPONSES)
    async def remove(
        self, watchlist_id: WatchlistId, watchlists: Injected[WatchlistService]
    ) -> None:
        """Delete one of the owner's lists; 409 for the five built-in lists."""
        await watchlists.delete(watchlist_id)

    @get("/members", operation_id="listWatchlistMembers", responses=PROBLEM_RESPONSES)
    async def members(
        self,
        watchlist_id: WatchlistId,
        read_models: Injected[ReadModels],
        broadcaster: Injected[str],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> WatchlistMemberPage:
        """Members, newest first, with their last snapshot delta and last interaction."""
        page = await read_models.watchlist_members(
            watchlist_id, broadcaster=broadcaster, limit=limit, offset=offset
        )
        if page is None:
            raise NotFound(f"watchlist {watchlist_id} does not exist")
        return presenters.watchlist_members(page)

    @post(
        "/member", operation_id="addWatchlistMember", status_code=201, responses=PROBLEM_RESPONSES
    )
    async def add_member(
        self,
        watchlist_id: WatchlistId,
        data: JSONBody[MemberRequest],
        watchlists: Injected[WatchlistService],
        people: Injected[PeopleService],
        lookup: Injected[LookupService],
    ) -> MemberAddedOut:
        """Add a person by id, or by username (404 for an unknown name unless createIfUnknown)."""
        if isinstance(data.person_id, int) == isinstance(data.username, str):
            raise InvalidInput("give either personId or username", field="person_id")
        if isinstance(data.person_id, int):
            person_id = data.person_id
        else:
            await watchlists.get(watchlist_id)
            username = normalize_username(str(data.username))
            known = await people.find_by_username(username)
            if known is None and data.create_if_unknown is not True:
                raise NotFound(
                    f"nobody called {username} has been seen: check the spelling, "
                    "or add them as a new person"
                )
            person_id = (known or await people.find_or_create(username)).id
        member = await watchlists.add_member(watchlist_id, person_id)
        profile = await lookup.profile(person_id)
        return MemberAddedOut(person=present(profile.person, PersonOut), added_at=member.added_at)

    @delete(
        "/member/{person_id:int}",
        operation_id="removeWatchlistMember",
        status_code=204,
        responses=PROBLEM_RESPONSES,
    )
    async def remove_member(
        self, watchlist_id: WatchlistId, person_id: PersonId, watchlists: Injected[WatchlistService]
    ) -> None:
        """Take a person off the list (not being on it is fine)."""
        await watchlists.remove_member(watchlist_id, person_id)
