"""Watchlists: the five built-in lists and the owner's own, and who is on them."""

from __future__ import annotations

import builtins

from mhc.domain.errors import Conflict, InvalidInput
from mhc.domain.models import Watchlist, WatchlistMember
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import check_page, require_person, require_watchlist

MAX_NAME_LENGTH = 100
MAX_MEMBERS_PAGE = 1000


def clean_watchlist_name(name: str) -> str:
    """The name trimmed; InvalidInput when blank or longer than 100 characters."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("a watchlist needs a name", field="name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"a watchlist name has at most {MAX_NAME_LENGTH} characters", field="name"
        )
    return cleaned


async def add_to_watchlist(uow: UnitOfWork, watchlist_id: int, person_id: int) -> WatchlistMember:
    """Put a person on a list (again is harmless); NotFound for an unknown list or person."""
    await require_watchlist(uow, watchlist_id)
    await require_person(uow, person_id)
    return await uow.watchlists.add_member(watchlist_id, person_id)


async def _require_free_name(uow: UnitOfWork, name: str, *, keep_id: int | None = None) -> None:
    taken = await uow.watchlists.get_by_name(name)
    if taken is not None and taken.id != keep_id:
        raise Conflict(f"a watchlist named {taken.name!r} exists already")


def _require_user_list(watchlist: Watchlist, action: str) -> None:
    # The Excluded list is found by name when an excluded person is created, so built-in
    # lists keep their names as well as their existence.
    if watchlist.is_system:
        raise Conflict(f"the built-in watchlist {watchlist.name!r} cannot be {action}")


class WatchlistService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def list(self) -> builtins.list[Watchlist]:
        async with self._uow_factory() as uow:
            return await uow.watchlists.list()

    async def get(self, watchlist_id: int) -> Watchlist:
        async with self._uow_factory() as uow:
            return await require_watchlist(uow, watchlist_id)

    async def create(self, name: str) -> Watchlist:
        """A new user list; InvalidInput for a blank name, Conflict for a taken one."""
        cleaned = clean_watchlist_name(name)
        async with self._uow_factory() as uow:
            await _require_free_name(uow, cleaned)
            watchlist = await uow.watchlists.create(cleaned)
            await uow.commit()
        return watchlist

    async def rename(self, watchlist_id: int, name: str) -> Watchlist:
        """Rename a user list; Conflict for a built-in list or a taken name."""
        cleaned = clean_watchlist_name(name)
        async with self._uow_factory() as uow:
            _require_user_list(await require_watchlist(uow, watchlist_id), "renamed")
            await _require_free_name(uow, cleaned, keep_id=watchlist_id)
            watchlist = await uow.watchlists.rename(watchlist_id, cleaned)
            await uow.commit()
        return watchlist

    async def delete(self, watchlist_id: int) -> None:
        """Delete a user list and its memberships; Conflict for a built-in list."""
        async with self._uow_factory() as uow:
            _require_user_list(await require_watchlist(uow, watchlist_id), "deleted")
            await uow.watchlists.delete(watchlist_id)
            await uow.commit()

    async def add_member(self, watchlist_id: int, person_id: int) -> WatchlistMember:
        async with self._uow_factory() as uow:
            member = await add_to_watchlist(uow, watchlist_id, person_id)
            await uow.commit()
        return member

    async def remove_member(self, watchlist_id: int, person_id: int) -> bool:
        """Take a person off a list; False when they were not on it."""
        async with self._uow_factory() as uow:
            await require_watchlist(uow, watchlist_id)
            removed = await uow.watchlists.remove_member(watchlist_id, person_id)
            await uow.commit()
        return removed

    async def members(
        self, watchlist_id: int, *, limit: int = 200, offset: int = 0
    ) -> builtins.list[WatchlistMember]:
        check_page(limit, offset, max_limit=MAX_MEMBERS_PAGE)
        async with self._uow_factory() as uow:
            await require_watchlist(uow, watchlist_id)
            return await uow.watchlists.members(watchlist_id, limit=limit, offset=offset)

    async def lists_of_person(self, person_id: int) -> builtins.list[Watchlist]:
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.watchlists.lists_of_person(person_id)
