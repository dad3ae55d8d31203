"""Watchlists (five built in, the rest the owner's) and their members."""

from __future__ import annotations

import builtins

from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.errors import NotFound
from mhc.domain.models import Watchlist, WatchlistMember


class PostgresWatchlistRepository(SqlRepository):
    sql_folder = "watchlists"

    async def list(self) -> builtins.list[Watchlist]:
        """Every list, the built-in ones first (they were created first)."""
        return await self._fetch_all("list", {}, Watchlist)

    async def get(self, watchlist_id: int) -> Watchlist | None:
        return await self._fetch_one("get", {"watchlist_id": watchlist_id}, Watchlist)

    async def get_by_name(self, name: str) -> Watchlist | None:
        """The list of that name, compared case-insensitively."""
        return await self._fetch_one("get_by_name", {"name": name}, Watchlist)

    async def create(self, name: str) -> Watchlist:
        """Create a user list; Conflict if the name is taken."""
        watchlist = await self._write_one("create", {"name": name}, Watchlist)
        assert watchlist is not None, "INSERT ... RETURNING returns the new row"
        return watchlist

    async def rename(self, watchlist_id: int, name: str) -> Watchlist:
        params = {"watchlist_id": watchlist_id, "name": name}
        watchlist = await self._write_one("rename", params, Watchlist)
        if watchlist is None:
            raise NotFound(f"watchlist {watchlist_id} does not exist")
        return watchlist

    async def delete(self, watchlist_id: int) -> None:
        """Delete a user list (an unknown one: nothing); Conflict for a built-in list."""
        await self._write("delete", {"watchlist_id": watchlist_id})

    async def add_member(self, watchlist_id: int, person_id: int) -> WatchlistMember:
        """Add a person (idempotent: adding twice keeps the first added_at)."""
        params = {"watchlist_id": watchlist_id, "person_id": person_id}
        added = await self._write_one("add_member", params, WatchlistMember)
        if added is not None:
            return added
        existing = await self._fetch_one("member", params, WatchlistMember)
        assert existing is not None, "the insert was skipped because this row exists"
        return existing

    async def remove_member(self, watchlist_id: int, person_id: int) -> bool:
        params = {"watchlist_id": watchlist_id, "person_id": person_id}
        return await self._write("remove_member", params) > 0

    async def members(
        self, watchlist_id: int, *, limit: int = 200, offset: int = 0
    ) -> builtins.list[WatchlistMember]:
        """Members in the order they were added."""
        params = {"watchlist_id": watchlist_id, "limit": limit, "offset": offset}
        return await self._fetch_all("members", params, WatchlistMember)

    async def lists_of_person(self, person_id: int) -> builtins.list[Watchlist]:
        return await self._fetch_all("lists_of_person", {"person_id": person_id}, Watchlist)
