from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import InvalidInput, NotFound
from mhc.domain.models import (
    Interaction,
    InteractionFilters,
    InteractionSource,
    InteractionType,
    NewInteraction,
    Person,
)
from mhc.ports.repositories import InteractionRepository, SnapshotRepository
from mhc.services.interactions import InteractionService, record_interaction
from mhc.services.sessions import SessionService

EVENTS = InteractionSource.CB_EVENTS


@pytest.fixture
def interactions(database: FakeDatabase) -> InteractionService:
    return InteractionService(database.unit_of_work)


async def _tip(
    interactions: InteractionService,
    person: Person,
    minutes: int,
    *,
    event_id: str | None = None,
    session_id: int | None = None,
) -> None:
    await interactions.create(
        person.id,
        InteractionType.TIP,
        "love the show",
        EVENING + timedelta(minutes=minutes),
        EVENTS,
        {"tokens": 25, "isAnon": False},
        session_id=session_id,
        source_event_id=event_id,
    )


async def test_create_stores_the_interaction_when_the_person_exists(
    interactions: InteractionService, tipper: Person, database: FakeDatabase
) -> None:
    stored = await interactions.create(
        tipper.id,
        InteractionType.CHAT_MESSAGE,
        "hello there",
        EVENING,
        EVENTS,
        {"isMod": False},
        source_event_id="1700000000000-0",
    )

    assert stored is not None
    assert (stored.person_id, stored.type, stored.content) == (
        tipper.id,
        InteractionType.CHAT_MESSAGE,
        "hello there",
    )
    assert (stored.occurred_at, stored.metadata, stored.stream_session_id) == (
        EVENING,
        {"isMod": False},
        None,
    )
    assert list(database.tables.interactions.values()) == [stored]


async def test_create_returns_none_when_the_event_was_stored_before(
    interactions: InteractionService, tipper: Person, database: FakeDatabase
) -> None:
    await _tip(interactions, tipper, 0, event_id="1700000000000-0")

    again = await interactions.create(
        tipper.id,
        InteractionType.TIP,
        "love the show",
        EVENING,
        EVENTS,
        {},
        None,
        "1700000000000-0",
    )

    assert again is None
    assert len(database.tables.interactions) == 1


async def test_create_stores_both_when_event_ids_are_absent_or_from_other_sources(
    interactions: InteractionService, tipper: Person, database: FakeDatabase
) -> None:
    await _tip(interactions, tipper, 0)
    await _tip(interactions, tipper, 1)
    await _tip(interactions, tipper, 2, event_id="77")
    await interactions.create(
        tipper.id,
        InteractionType.CHAT_IMPORT,
        "hi",
        EVENING,
        InteractionSource.STATBATE_PLUS,
        source_event_id="77",
    )
    assert len(database.tables.interactions) == 4


async def test_create_links_the_session_when_one_is_given(
    interactions: InteractionService, tipper: Person, database: FakeDatabase, clock: ManualClock
) -> None:
    session = await SessionService(database.unit_of_work, clock, "hudson_cage").start()
    await _tip(interactions, tipper, 5, session_id=session.id)

    in_session = await interactions.get_by_session(session.id)

    assert [i.stream_session_id for i in in_session] == [session.id]


async def test_create_raises_not_found_when_the_person_or_session_is_unknown(
    interactions: InteractionService, tipper: Person, database: FakeDatabase
) -> None:
    with pytest.raises(NotFound, match="person"):
        await interactions.create(404, InteractionType.TIP, None, EVENING, EVENTS)
    with pytest.raises(NotFound, match="session"):
        await _tip(interactions, tipper, 0, session_id=404)
    assert database.tables.interactions == {}


async def test_create_raises_invalid_input_when_the_timestamp_has_no_zone(
    interactions: InteractionService, tipper: Person
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await interactions.create(
            tipper.id, InteractionType.TIP, None, datetime(2026, 1, 10, 20), EVENTS
        )
    assert raised.value.field == "timestamp"


async def test_get_by_person_filters_and_pages_when_filters_are_given(
    interactions: InteractionService, tipper: Person
) -> None:
    for minutes in (0, 10, 20, 30):
        await _tip(interactions, tipper, minutes)
    await interactions.create(
        tipper.id, InteractionType.CHAT_MESSAGE, "hi", EVENING + timedelta(minutes=15), EVENTS
    )

    tips = InteractionFilters(types=(InteractionType.TIP,))
    window = InteractionFilters(
        since=EVENING + timedelta(minutes=10), until=EVENING + timedelta(minutes=20)
    )
    oldest_two = InteractionFilters(newest_first=False, limit=2)
    second_newest = InteractionFilters(limit=1, offset=1)

    def minutes_of(found: list[Interaction]) -> list[int]:
        return [int((i.occurred_at - EVENING).total_seconds() // 60) for i in found]

    assert minutes_of(await interactions.get_by_person(tipper.id, tips)) == [30, 20, 10, 0]
    assert minutes_of(await interactions.get_by_person(tipper.id, window)) == [15, 10]
    assert minutes_of(await interactions.get_by_person(tipper.id, oldest_two)) == [0, 10]
    assert minutes_of(await interactions.get_by_person(tipper.id, second_newest)) == [20]
    assert await interactions.count_by_person(tipper.id, InteractionFilters(limit=1)) == 5
    assert await interactions.count_by_person(tipper.id, tips) == 4
    sources = InteractionFilters(sources=(InteractionSource.STATBATE_PLUS,))
    assert await interactions.get_by_person(tipper.id, sources) == []


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (InteractionFilters(limit=0), "limit"),
        (InteractionFilters(limit=501), "limit"),
        (InteractionFilters(offset=-1), "offset"),
        (InteractionFilters(since=EVENING, until=EVENING - timedelta(seconds=1)), "since"),
        (InteractionFilters(since=datetime(2026, 1, 10)), "since"),
        (InteractionFilters(until=datetime(2026, 1, 10)), "until"),
    ],
)
async def test_get_by_person_raises_invalid_input_naming_the_field_when_filters_are_bad(
    interactions: InteractionService, tipper: Person, filters: InteractionFilters, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await interactions.get_by_person(tipper.id, filters)
    assert raised.value.field == field


async def test_reads_raise_not_found_when_the_person_or_session_is_unknown(
    interactions: InteractionService,
) -> None:
    with pytest.raises(NotFound):
        await interactions.get_by_person(404)
    with pytest.raises(NotFound):
        await interactions.count_by_person(404)
    with pytest.raises(NotFound):
        await interactions.get_by_session(404)


async def test_get_by_session_lists_oldest_first_when_events_arrive_out_of_order(
    interactions: InteractionService, tipper: Person, database: FakeDatabase, clock: ManualClock
) -> None:
    session = await SessionService(database.unit_of_work, clock, "hudson_cage").start()
    for minutes in (20, 5, 10):
        await _tip(interactions, tipper, minutes, session_id=session.id)

    found = await interactions.get_by_session(session.id, limit=2, offset=1)

    assert [i.occurred_at for i in found] == [EVENING + timedelta(minutes=m) for m in (10, 20)]
    with pytest.raises(InvalidInput):
        await interactions.get_by_session(session.id, limit=0)


async def test_add_many_counts_only_new_events_when_a_batch_repeats_itself(
    tipper: Person, database: FakeDatabase
) -> None:
    def event(event_id: str) -> NewInteraction:
        return NewInteraction(
            person_id=tipper.id,
            type=InteractionType.USER_ENTER,
            content=None,
            occurred_at=EVENING,
            source=EVENTS,
            source_event_id=event_id,
        )

    async with database.unit_of_work() as uow:
        await record_interaction(uow, event("1"))
        added = await uow.interactions.add_many([event("1"), event("2"), event("3"), event("2")])
        await uow.commit()

    assert added == 2
    assert sorted(i.source_event_id or "" for i in database.tables.interactions.values()) == [
        "1",
        "2",
        "3",
    ]


async def test_add_many_stores_nothing_when_one_event_names_an_unknown_person(
    tipper: Person, database: FakeDatabase
) -> None:
    good = NewInteraction(
        person_id=tipper.id,
        type=InteractionType.FOLLOW,
        content=None,
        occurred_at=EVENING,
        source=EVENTS,
        source_event_id="1",
    )
    bad = NewInteraction(
        person_id=404,
        type=InteractionType.FOLLOW,
        content=None,
        occurred_at=EVENING,
        source=EVENTS,
        source_event_id="2",
    )
    async with database.unit_of_work() as uow:
        with pytest.raises(NotFound):
            await uow.interactions.add_many([good, bad])
        assert await uow.interactions.count_by_person(tipper.id, InteractionFilters()) == 0


@pytest.mark.parametrize("port", [InteractionRepository, SnapshotRepository])
def test_history_ports_offer_no_update_or_delete_when_append_only(port: type) -> None:
    methods = {name for name in vars(port) if not name.startswith("_")}
    assert not {m for m in methods if m.startswith(("update", "delete", "remove", "set"))}
