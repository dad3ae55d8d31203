"""Manual notes on a person: the one kind of memory the owner edits freely."""

from __future__ import annotations

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import Note
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import require_person

MAX_NOTE_LENGTH = 10_000


def clean_note(content: str) -> str:
    """The note trimmed; InvalidInput when blank or longer than 10,000 characters."""
    cleaned = content.strip()
    if not cleaned:
        raise InvalidInput("a note cannot be empty", field="content")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"a note has at most {MAX_NOTE_LENGTH:,} characters, got {len(cleaned):,}",
            field="content",
        )
    return cleaned


async def add_note(uow: UnitOfWork, person_id: int, content: str) -> Note:
    cleaned = clean_note(content)
    await require_person(uow, person_id)
    return await uow.notes.add(person_id, cleaned)


async def _require_note(uow: UnitOfWork, note_id: int) -> Note:
    note = await uow.notes.get(note_id)
    if note is None:
        raise NotFound(f"note {note_id} does not exist")
    return note


class NoteService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def add(self, person_id: int, content: str) -> Note:
        async with self._uow_factory() as uow:
            note = await add_note(uow, person_id, content)
            await uow.commit()
        return note

    async def edit(self, note_id: int, content: str) -> Note:
        cleaned = clean_note(content)
        async with self._uow_factory() as uow:
            await _require_note(uow, note_id)
            note = await uow.notes.update(note_id, cleaned)
            await uow.commit()
        return note

    async def delete(self, note_id: int) -> None:
        async with self._uow_factory() as uow:
            await _require_note(uow, note_id)
            await uow.notes.delete(note_id)
            await uow.commit()

    async def by_person(self, person_id: int) -> list[Note]:
        """A person's notes, newest first."""
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.notes.by_person(person_id)
