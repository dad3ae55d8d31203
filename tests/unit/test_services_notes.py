from __future__ import annotations

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import Person
from mhc.services.notes import MAX_NOTE_LENGTH, NoteService


@pytest.fixture
def notes(database: FakeDatabase) -> NoteService:
    return NoteService(database.unit_of_work)


async def test_add_stores_the_trimmed_note_when_the_person_exists(
    notes: NoteService, tipper: Person
) -> None:
    note = await notes.add(tipper.id, "  Tips big on Fridays.\n")

    assert (note.person_id, note.content) == (tipper.id, "Tips big on Fridays.")
    assert note.created_at == note.updated_at == EVENING
    assert await notes.by_person(tipper.id) == [note]


async def test_add_accepts_the_longest_note_when_exactly_at_the_limit(
    notes: NoteService, tipper: Person
) -> None:
    note = await notes.add(tipper.id, "x" * MAX_NOTE_LENGTH)
    assert len(note.content) == MAX_NOTE_LENGTH


@pytest.mark.parametrize("content", ["", " \n\t ", "x" * (MAX_NOTE_LENGTH + 1)])
async def test_add_raises_invalid_input_when_the_note_is_blank_or_too_long(
    notes: NoteService, tipper: Person, content: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await notes.add(tipper.id, content)
    assert raised.value.field == "content"
    assert await notes.by_person(tipper.id) == []


async def test_add_raises_not_found_when_the_person_is_unknown(notes: NoteService) -> None:
    with pytest.raises(NotFound):
        await notes.add(404, "Tips big on Fridays.")
    with pytest.raises(NotFound):
        await notes.by_person(404)


async def test_edit_replaces_the_text_and_keeps_the_creation_time_when_the_note_exists(
    notes: NoteService, tipper: Person, clock: ManualClock
) -> None:
    note = await notes.add(tipper.id, "Tips big on Fridays.")
    later = clock.advance(days=2)

    edited = await notes.edit(note.id, "Tips big on Fridays and Sundays.")

    assert (edited.id, edited.content) == (note.id, "Tips big on Fridays and Sundays.")
    assert (edited.created_at, edited.updated_at) == (EVENING, later)
    assert await notes.by_person(tipper.id) == [edited]


async def test_edit_raises_when_the_note_is_unknown_or_the_text_blank(
    notes: NoteService, tipper: Person
) -> None:
    note = await notes.add(tipper.id, "Tips big on Fridays.")
    with pytest.raises(NotFound):
        await notes.edit(404, "anything")
    with pytest.raises(InvalidInput):
        await notes.edit(note.id, "   ")


async def test_delete_removes_only_that_note_when_it_exists(
    notes: NoteService, tipper: Person, clock: ManualClock
) -> None:
    first = await notes.add(tipper.id, "Tips big on Fridays.")
    clock.advance(hours=1)
    second = await notes.add(tipper.id, "Asked for a private show.")

    await notes.delete(first.id)

    assert await notes.by_person(tipper.id) == [second]
    with pytest.raises(NotFound):
        await notes.delete(first.id)


async def test_by_person_lists_newest_first_when_there_are_several(
    notes: NoteService, tipper: Person, clock: ManualClock
) -> None:
    await notes.add(tipper.id, "first")
    clock.advance(hours=1)
    await notes.add(tipper.id, "second")

    assert [n.content for n in await notes.by_person(tipper.id)] == ["second", "first"]
