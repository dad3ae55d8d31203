"""Persons and their aliases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.errors import Conflict, NotFound
from mhc.domain.models import Alias, Person, Platform, Role


class PostgresPersonRepository(SqlRepository):
    sql_folder = "persons"

    async def get(self, person_id: int) -> Person | None:
        return await self._fetch_one("get", {"person_id": person_id}, Person)

    async def find_by_username(self, username: str, platform: Platform) -> Person | None:
        """Match `username` against usernames and current aliases on `platform`."""
        params = {"username": username, "platform": platform}
        return await self._fetch_one("find_by_username", params, Person)

    async def insert(
        self,
        *,
        username: str,
        platform: Platform,
        role: Role,
        is_excluded: bool,
        seen_at: datetime,
    ) -> Person:
        params = {
            "username": username,
            "platform": platform,
            "role": role,
            "is_excluded": is_excluded,
            "seen_at": seen_at,
        }
        person = await self._write_one("insert", params, Person)
        assert person is not None, "INSERT ... RETURNING returns the new row"
        return person

    async def touch(self, person_id: int, *, role: Role, seen_at: datetime) -> Person:
        params = {"person_id": person_id, "role": role, "seen_at": seen_at}
        person = await self._write_one("touch", params, Person)
        if person is None:
            raise NotFound(f"person {person_id} does not exist")
        return person

    async def lock(self, usernames: Sequence[str], platform: Platform) -> None:
        params = {"usernames": [name.lower() for name in usernames], "platform": platform}
        await self._write("lock", params)

    async def set_external_ids(
        self, person_id: int, *, rid: int | None = None, did: int | None = None
    ) -> None:
        params = {"person_id": person_id, "rid": rid, "did": did}
        if await self._write("set_external_ids", params) == 0:
            raise NotFound(f"person {person_id} does not exist")

    async def add_alias(self, person_id: int, alias: str, platform: Platform) -> Alias:
        """Add an alias; Conflict when the name is already a username or an alias."""
        params = {"person_id": person_id, "alias": alias, "platform": platform}
        added = await self._write_one("add_alias", params, Alias)
        if added is None:
            raise Conflict(f"{alias!r} is already a username or an alias on {platform}")
        return added

    async def list_aliases(self, person_id: int) -> list[Alias]:
        return await self._fetch_all("list_aliases", {"person_id": person_id}, Alias)
