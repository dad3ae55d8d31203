"""PostgresNoteRepository and PostgresAttributeRepository against a real database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import Confidence, EvidenceType, Person

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
async def tipper(uow: PostgresUnitOfWork) -> Person:
    person = await insert_viewer(uow, "big_tipper_77", MONDAY)
    # Committed, so timestamps set by later transactions differ from this one's.
    await uow.commit()
    return person


async def test_add_note_stores_the_text_when_person_exists(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    note = await uow.notes.add(tipper.id, "Tips big on Fridays")

    assert (note.person_id, note.content) == (tipper.id, "Tips big on Fridays")
    assert note.created_at == note.updated_at
    assert await uow.notes.get(note.id) == note


async def test_add_note_raises_not_found_when_person_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="person 424242 does not exist"):
        await uow.notes.add(424242, "Who is this?")


async def test_add_note_raises_invalid_input_when_text_is_blank(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    with pytest.raises(InvalidInput, match="a note cannot be empty") as raised:
        await uow.notes.add(tipper.id, "   ")

    assert raised.value.field == "content"


async def test_update_note_changes_text_and_time_when_edited_later(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    note = await uow.notes.add(tipper.id, "Tips big on Fridays")
    await uow.commit()

    edited = await uow.notes.update(note.id, "Tips big on Fridays and Saturdays")

    assert edited.content == "Tips big on Fridays and Saturdays"
    assert edited.created_at == note.created_at
    assert edited.updated_at > note.updated_at


async def test_update_note_raises_not_found_when_note_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="note 424242"):
        await uow.notes.update(424242, "anything")


async def test_delete_note_removes_it_when_it_exists(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    note = await uow.notes.add(tipper.id, "Tips big on Fridays")

    await uow.notes.delete(note.id)

    assert await uow.notes.get(note.id) is None


async def test_delete_note_does_nothing_when_note_is_unknown(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    note = await uow.notes.add(tipper.id, "Tips big on Fridays")

    await uow.notes.delete(424242)

    assert await uow.notes.by_person(tipper.id) == [note]


async def test_notes_by_person_come_newest_first_when_written_over_time(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.notes.add(tipper.id, "first impression")
    await uow.commit()
    await uow.notes.add(tipper.id, "second thoughts")

    assert [n.content for n in await uow.notes.by_person(tipper.id)] == [
        "second thoughts",
        "first impression",
    ]


async def test_upsert_attribute_creates_then_replaces_when_key_repeats(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    first = await uow.attributes.upsert(
        tipper.id,
        key="favourite_tip",
        value="25",
        confidence=Confidence.LOW,
        evidence_type=EvidenceType.MANUAL,
        evidence_id=None,
    )
    await uow.commit()

    second = await uow.attributes.upsert(
        tipper.id,
        key="favourite_tip",
        value="50",
        confidence=Confidence.HIGH,
        evidence_type=EvidenceType.INTERACTION,
        evidence_id=314,
    )

    assert second.id == first.id
    assert (second.value, second.confidence, second.evidence_type, second.evidence_id) == (
        "50",
        Confidence.HIGH,
        EvidenceType.INTERACTION,
        314,
    )
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at
    assert await uow.attributes.by_person(tipper.id) == [second]


async def test_upsert_attribute_raises_not_found_when_person_is_unknown(
    uow: PostgresUnitOfWork,
) -> None:
    with pytest.raises(NotFound, match="person 424242"):
        await uow.attributes.upsert(
            424242,
            key="timezone",
            value="Europe/Berlin",
            confidence=Confidence.MEDIUM,
            evidence_type=EvidenceType.MANUAL,
            evidence_id=None,
        )


async def test_upsert_attribute_raises_invalid_input_when_key_is_blank(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await uow.attributes.upsert(
            tipper.id,
            key=" ",
            value="x",
            confidence=Confidence.LOW,
            evidence_type=EvidenceType.MANUAL,
            evidence_id=None,
        )

    assert raised.value.field == "key"


async def test_attributes_by_person_come_in_key_order_and_delete_removes_one(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    for key in ("timezone", "favourite_tip", "language"):
        await uow.attributes.upsert(
            tipper.id,
            key=key,
            value="x",
            confidence=Confidence.MEDIUM,
            evidence_type=EvidenceType.MANUAL,
            evidence_id=None,
        )

    await uow.attributes.delete(tipper.id, "language")

    assert [a.key for a in await uow.attributes.by_person(tipper.id)] == [
        "favourite_tip",
        "timezone",
    ]


async def test_delete_attribute_does_nothing_when_key_is_unknown(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.attributes.delete(tipper.id, "timezone")

    assert await uow.attributes.by_person(tipper.id) == []
