"""PostgresInteractionRepository against a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.viewers import insert_viewer

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import NotFound
from mhc.domain.models import (
    InteractionFilters,
    InteractionSource,
    InteractionType,
    NewInteraction,
    Person,
    Platform,
    StreamSession,
)

SHOW_START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
TIP = InteractionType.TIP
CHAT = InteractionType.CHAT_MESSAGE
EVENTS = InteractionSource.CB_EVENTS
PLUS = InteractionSource.STATBATE_PLUS


@pytest.fixture
async def tipper(uow: PostgresUnitOfWork) -> Person:
    return await insert_viewer(uow, "big_tipper_77", SHOW_START)


@pytest.fixture
async def show(uow: PostgresUnitOfWork) -> StreamSession:
    return await uow.sessions.start("hudson_cage", Platform.CHATURBATE, SHOW_START)


def _tip(
    person: Person,
    minute: int,
    *,
    event_id: str | None = None,
    session: StreamSession | None = None,
    tokens: int = 25,
) -> NewInteraction:
    return NewInteraction(
        person_id=person.id,
        type=TIP,
        content=None,
        occurred_at=SHOW_START + timedelta(minutes=minute),
        source=EVENTS,
        metadata={"tokens": tokens, "isAnon": False},
        stream_session_id=session.id if session else None,
        source_event_id=event_id,
    )


def _chat(
    person: Person, minute: int, text: str, *, source: InteractionSource = EVENTS
) -> NewInteraction:
    return NewInteraction(
        person_id=person.id,
        type=CHAT,
        content=text,
        occurred_at=SHOW_START + timedelta(minutes=minute),
        source=source,
    )


async def test_add_stores_every_field_when_the_event_is_new(
    uow: PostgresUnitOfWork, tipper: Person, show: StreamSession
) -> None:
    stored = await uow.interactions.add(_tip(tipper, 5, event_id="evt-1", session=show))

    assert stored is not None
    assert stored.person_id == tipper.id
    assert stored.stream_session_id == show.id
    assert stored.type is InteractionType.TIP
    assert stored.source is InteractionSource.CB_EVENTS
    assert stored.occurred_at == SHOW_START + timedelta(minutes=5)
    assert stored.metadata == {"tokens": 25, "isAnon": False}
    assert stored.source_event_id == "evt-1"


async def test_add_returns_none_when_the_event_was_delivered_before(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    first = await uow.interactions.add(_tip(tipper, 5, event_id="evt-1"))

    again = await uow.interactions.add(_tip(tipper, 5, event_id="evt-1"))

    assert first is not None
    assert again is None
    assert await uow.interactions.count_by_person(tipper.id, InteractionFilters()) == 1


async def test_add_stores_both_when_event_ids_repeat_across_sources(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add(_tip(tipper, 5, event_id="42"))
    imported = NewInteraction(
        person_id=tipper.id,
        type=CHAT,
        content="hi",
        occurred_at=SHOW_START,
        source=PLUS,
        source_event_id="42",
    )

    assert await uow.interactions.add(imported) is not None


async def test_add_stores_each_when_events_have_no_id(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add(_chat(tipper, 1, "hello"))
    await uow.interactions.add(_chat(tipper, 1, "hello"))

    assert await uow.interactions.count_by_person(tipper.id, InteractionFilters()) == 2


async def test_add_raises_not_found_when_person_is_unknown(uow: PostgresUnitOfWork) -> None:
    new = NewInteraction(
        person_id=424242, type=CHAT, content="boo", occurred_at=SHOW_START, source=EVENTS
    )

    with pytest.raises(NotFound, match="person 424242 does not exist"):
        await uow.interactions.add(new)


async def test_add_raises_not_found_when_session_is_unknown(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    new = NewInteraction(
        person_id=tipper.id,
        type=CHAT,
        content="hi",
        occurred_at=SHOW_START,
        source=EVENTS,
        stream_session_id=424242,
    )

    with pytest.raises(NotFound, match="stream session 424242 does not exist"):
        await uow.interactions.add(new)


async def test_add_many_counts_only_new_events_when_batch_repeats_some(
    uow: PostgresUnitOfWork, tipper: Person, show: StreamSession
) -> None:
    await uow.interactions.add(_tip(tipper, 1, event_id="evt-1"))
    batch = [
        _tip(tipper, 1, event_id="evt-1"),  # stored before
        _tip(tipper, 2, event_id="evt-2", session=show),
        _tip(tipper, 2, event_id="evt-2", session=show),  # twice in the batch
        _chat(tipper, 3, "nice show"),
    ]

    added = await uow.interactions.add_many(batch)

    assert added == 2
    stored = await uow.interactions.by_person(tipper.id, InteractionFilters(newest_first=False))
    assert [(i.source_event_id, i.stream_session_id) for i in stored] == [
        ("evt-1", None),
        ("evt-2", show.id),
        (None, None),
    ]
    assert stored[2].content == "nice show"
    assert stored[1].metadata == {"tokens": 25, "isAnon": False}


async def test_add_many_returns_zero_when_batch_is_empty(uow: PostgresUnitOfWork) -> None:
    assert await uow.interactions.add_many([]) == 0


async def test_add_many_raises_not_found_when_a_person_is_unknown(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    stranger = NewInteraction(
        person_id=424242, type=CHAT, content="boo", occurred_at=SHOW_START, source=EVENTS
    )

    with pytest.raises(NotFound, match="424242"):
        await uow.interactions.add_many([_chat(tipper, 1, "hi"), stranger])

    assert await uow.interactions.count_by_person(tipper.id, InteractionFilters()) == 0


async def test_by_person_orders_newest_first_by_default(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add_many([_chat(tipper, m, f"message {m}") for m in (2, 0, 1)])

    history = await uow.interactions.by_person(tipper.id, InteractionFilters())

    assert [i.content for i in history] == ["message 2", "message 1", "message 0"]


async def test_by_person_breaks_ties_by_id_when_times_are_equal(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add_many([_chat(tipper, 0, "first"), _chat(tipper, 0, "second")])

    oldest_first = await uow.interactions.by_person(
        tipper.id, InteractionFilters(newest_first=False)
    )
    newest_first = await uow.interactions.by_person(tipper.id, InteractionFilters())

    assert [i.content for i in oldest_first] == ["first", "second"]
    assert [i.content for i in newest_first] == ["second", "first"]


async def test_by_person_keeps_types_and_sources_when_filtered(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add_many(
        [_tip(tipper, 1), _chat(tipper, 2, "live"), _chat(tipper, 3, "imported", source=PLUS)]
    )

    tips = await uow.interactions.by_person(tipper.id, InteractionFilters(types=(TIP,)))
    plus = await uow.interactions.by_person(tipper.id, InteractionFilters(sources=(PLUS,)))
    live_chat = InteractionFilters(types=(CHAT,), sources=(EVENTS,))

    assert [i.type for i in tips] == [TIP]
    assert [i.content for i in plus] == ["imported"]
    assert [i.content for i in await uow.interactions.by_person(tipper.id, live_chat)] == ["live"]


async def test_by_person_includes_since_and_excludes_until_when_both_are_given(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add_many([_chat(tipper, m, f"m{m}") for m in range(6)])
    window = InteractionFilters(
        since=SHOW_START + timedelta(minutes=1),
        until=SHOW_START + timedelta(minutes=3),
        newest_first=False,
    )

    in_window = await uow.interactions.by_person(tipper.id, window)

    assert [i.content for i in in_window] == ["m1", "m2"]
    assert await uow.interactions.count_by_person(tipper.id, window) == 2


async def test_by_person_keeps_one_session_when_session_id_is_given(
    uow: PostgresUnitOfWork, tipper: Person, show: StreamSession
) -> None:
    await uow.interactions.add_many([_tip(tipper, 1, session=show), _tip(tipper, 2)])

    in_show = await uow.interactions.by_person(tipper.id, InteractionFilters(session_id=show.id))

    assert [i.stream_session_id for i in in_show] == [show.id]


async def test_by_person_pages_while_count_ignores_paging(
    uow: PostgresUnitOfWork, tipper: Person
) -> None:
    await uow.interactions.add_many([_chat(tipper, m, f"m{m}") for m in range(5)])
    page = InteractionFilters(limit=2, offset=1)

    assert [i.content for i in await uow.interactions.by_person(tipper.id, page)] == ["m3", "m2"]
    assert await uow.interactions.count_by_person(tipper.id, page) == 5


async def test_by_person_leaves_out_other_people_when_they_share_a_show(
    uow: PostgresUnitOfWork, tipper: Person, show: StreamSession
) -> None:
    lurker = await insert_viewer(uow, "quiet_lurker", SHOW_START)
    await uow.interactions.add_many([_tip(tipper, 1, session=show), _tip(lurker, 2, session=show)])

    assert len(await uow.interactions.by_person(tipper.id, InteractionFilters())) == 1
    assert await uow.interactions.count_by_person(lurker.id, InteractionFilters()) == 1


async def test_by_session_lists_the_show_oldest_first_and_pages(
    uow: PostgresUnitOfWork, tipper: Person, show: StreamSession
) -> None:
    await uow.interactions.add_many(
        [_tip(tipper, m, session=show, tokens=m) for m in (3, 1, 2)] + [_tip(tipper, 0)]
    )

    whole = await uow.interactions.by_session(show.id)
    page = await uow.interactions.by_session(show.id, limit=1, offset=1)

    assert [i.metadata["tokens"] for i in whole] == [1, 2, 3]
    assert [i.metadata["tokens"] for i in page] == [2]
