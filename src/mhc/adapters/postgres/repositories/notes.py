"""Manual notes on a person."""

from __future__ import annotations

from mhc.adapters.postgres.repositories.base import SqlRepository
from mhc.domain.errors import NotFound
from mhc.domain.models import Note


class PostgresNoteRepository(SqlRepository):
    sql_folder = "notes"

    async def add(self, person_id: int, content: str) -> Note:
        params = {"person_id": person_id, "content": content}
        note = await self._write_one("add", params, Note)
        assert note is not None, "INSERT ... RETURNING returns the new row"
        return note

    async def get(self, note_id: int) -> Note | None:
        return await self._fetch_one("get", {"note_id": note_id}, Note)

    async def update(self, note_id: int, content: str) -> Note:
        params = {"note_id": note_id, "content": content}
        note = await self._write_one("update", params, Note)
        if note is None:
            raise NotFound(f"note {note_id} does not exist")
        return note

    async def delete(self, note_id: int) -> None:
        """Delete a note; deleting one that is not there does nothing."""
        await self._write("delete", {"note_id": note_id})

    async def by_person(self, person_id: int) -> list[Note]:
        """A person's notes, newest first."""
        return await self._fetch_all("by_person", {"person_id": person_id}, Note)
