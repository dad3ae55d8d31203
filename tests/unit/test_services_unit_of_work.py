"""The fakes keep the database's promises, so service tests against them mean something."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.fakes import EVENING, FakeDatabase, FakeFailureLog, FakeUnitOfWork, ManualClock

from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import (
    Confidence,
    EvidenceType,
    NewApiFailure,
    Platform,
    Role,
    SessionStatus,
)

CB = Platform.CHATURBATE


async def _insert(uow: FakeUnitOfWork, username: str) -> int:
    person = await uow.people.insert(
        username=username, platform=CB, role=Role.VIEWER, is_excluded=False, seen_at=EVENING
    )
    return person.id


async def test_writes_stay_invisible_to_others_when_not_yet_committed(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as writer, database.unit_of_work() as reader:
        person_id = await _insert(writer, "shy_owl")
        assert await reader.people.get(person_id) is None
        await writer.commit()
    async with database.unit_of_work() as later:
        assert await later.people.get(person_id) is not None


async def test_writes_are_dropped_when_leaving_without_commit(database: FakeDatabase) -> None:
    async with database.unit_of_work() as uow:
        await _insert(uow, "shy_owl")
    assert database.tables.persons == {}


async def test_rollback_discards_changes_and_keeps_the_unit_open_when_called(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        await _insert(uow, "shy_owl")
        await uow.rollback()
        assert await uow.people.find_by_username("shy_owl", CB) is None
        await _insert(uow, "night_owl_3")
        await uow.commit()
    assert [p.username for p in database.tables.persons.values()] == ["night_owl_3"]


async def test_commits_of_different_rows_both_survive_when_units_overlap(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as first, database.unit_of_work() as second:
        await _insert(first, "shy_owl")
        await _insert(second, "night_owl_3")
        await first.commit()
        await second.commit()
    assert sorted(p.username for p in database.tables.persons.values()) == [
        "night_owl_3",
        "shy_owl",
    ]


async def test_unit_of_work_refuses_use_when_not_open(database: FakeDatabase) -> None:
    uow = database.unit_of_work()
    with pytest.raises(RuntimeError):
        await uow.people.get(1)
    with pytest.raises(RuntimeError):
        await uow.rollback()
    async with uow:
        with pytest.raises(RuntimeError):
            await uow.__aenter__()


async def test_insert_refuses_when_the_name_is_taken_or_not_normalised(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        await _insert(uow, "shy_owl")
        with pytest.raises(Conflict):
            await _insert(uow, "shy_owl")
        with pytest.raises(InvalidInput):
            await _insert(uow, "Shy_Owl")


async def test_add_alias_refuses_when_the_name_is_anyones(database: FakeDatabase) -> None:
    async with database.unit_of_work() as uow:
        shy = await _insert(uow, "shy_owl")
        night = await _insert(uow, "night_owl_3")
        await uow.people.add_alias(shy, "shy_owl_old", CB)
        for taken in ("shy_owl_old", "shy_owl", "night_owl_3"):
            with pytest.raises(Conflict):
                await uow.people.add_alias(night, taken, CB)
        with pytest.raises(NotFound):
            await uow.people.add_alias(404, "free_name", CB)


async def test_touch_never_moves_last_seen_back_when_an_old_event_arrives(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        person_id = await _insert(uow, "shy_owl")
        await uow.people.touch(person_id, role=Role.BOTH, seen_at=EVENING + timedelta(hours=1))
        touched = await uow.people.touch(person_id, role=Role.BOTH, seen_at=EVENING)
        assert touched.last_seen_at == EVENING + timedelta(hours=1)
        with pytest.raises(NotFound):
            await uow.people.touch(404, role=Role.BOTH, seen_at=EVENING)


async def test_set_external_ids_keeps_the_other_id_when_one_is_given(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        person_id = await _insert(uow, "some_model")
        await uow.people.set_external_ids(person_id, rid=91)
        await uow.people.set_external_ids(person_id, did=4242)
        person = await uow.people.get(person_id)
        assert person is not None
        assert (person.rid, person.did) == (91, 4242)


async def test_session_start_returns_the_live_one_when_asked_twice(database: FakeDatabase) -> None:
    async with database.unit_of_work() as uow:
        first = await uow.sessions.start("hudson_cage", CB, EVENING)
        second = await uow.sessions.start("hudson_cage", CB, EVENING + timedelta(hours=1))
        assert second == first
        ended = await uow.sessions.end(first.id, EVENING + timedelta(hours=2))
        assert ended.status == SessionStatus.ENDED
        with pytest.raises(Conflict):
            await uow.sessions.end(first.id, EVENING + timedelta(hours=3))
        with pytest.raises(NotFound):
            await uow.sessions.end(404, EVENING)


async def test_watchlists_refuse_duplicates_and_built_in_deletes_when_asked(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        friends = await uow.watchlists.get_by_name("FRIENDS")
        assert friends is not None
        with pytest.raises(Conflict):
            await uow.watchlists.delete(friends.id)
        with pytest.raises(Conflict):
            await uow.watchlists.create("friends")
        with pytest.raises(InvalidInput):
            await uow.watchlists.create(" ")
        await uow.watchlists.delete(404)  # like DELETE of no row: nothing happens


async def test_notes_and_attributes_refuse_rows_the_database_would_refuse(
    database: FakeDatabase,
) -> None:
    async with database.unit_of_work() as uow:
        person_id = await _insert(uow, "shy_owl")
        with pytest.raises(InvalidInput):
            await uow.notes.add(person_id, "  ")
        with pytest.raises(NotFound):
            await uow.notes.update(404, "text")
        with pytest.raises(InvalidInput):
            await uow.attributes.upsert(
                person_id,
                key=" ",
                value="whale",
                confidence=Confidence.HIGH,
                evidence_type=EvidenceType.MANUAL,
                evidence_id=None,
            )


async def test_failure_log_keeps_failures_newest_first_when_recorded(clock: ManualClock) -> None:
    log = FakeFailureLog(clock)
    await log.record(
        NewApiFailure(service="statbate", endpoint="/members", status=502, message="bad gateway")
    )
    clock.advance(minutes=1)
    await log.record(
        NewApiFailure(service="cb_events", endpoint="/events", status=None, message="timeout")
    )

    recent = await log.recent()

    assert [(f.service, f.occurred_at) for f in recent] == [
        ("cb_events", EVENING + timedelta(minutes=1)),
        ("statbate", EVENING),
    ]
    assert [f.service for f in await log.recent(limit=1, offset=1)] == ["statbate"]
