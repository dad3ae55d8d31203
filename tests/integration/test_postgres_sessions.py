"""PostgresSessionRepository against a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import Platform, SessionStatus

SHOW_START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
CB = Platform.CHATURBATE


async def test_start_opens_a_live_session_when_none_is_live(uow: PostgresUnitOfWork) -> None:
    session = await uow.sessions.start("hudson_cage", CB, SHOW_START)

    assert session.broadcaster == "hudson_cage"
    assert session.platform is Platform.CHATURBATE
    assert session.status is SessionStatus.LIVE
    assert (session.started_at, session.ended_at) == (SHOW_START, None)
    assert await uow.sessions.get(session.id) == session
    assert await uow.sessions.current("hudson_cage", CB) == session


async def test_start_returns_the_live_session_when_one_is_already_live(
    uow: PostgresUnitOfWork,
) -> None:
    first = await uow.sessions.start("hudson_cage", CB, SHOW_START)

    again = await uow.sessions.start("hudson_cage", CB, SHOW_START + timedelta(minutes=5))

    assert again == first
    assert len(await uow.sessions.list("hudson_cage")) == 1


async def test_start_opens_one_per_broadcaster_when_two_rooms_go_live(
    uow: PostgresUnitOfWork,
) -> None:
    mine = await uow.sessions.start("hudson_cage", CB, SHOW_START)
    theirs = await uow.sessions.start("rival_room", CB, SHOW_START)

    assert mine.id != theirs.id
    assert await uow.sessions.current("rival_room", CB) == theirs


async def test_start_opens_a_new_session_when_the_last_one_ended(uow: PostgresUnitOfWork) -> None:
    first = await uow.sessions.start("hudson_cage", CB, SHOW_START)
    await uow.sessions.end(first.id, SHOW_START + timedelta(hours=2))

    second = await uow.sessions.start("hudson_cage", CB, SHOW_START + timedelta(days=1))

    assert second.id != first.id
    assert second.status is SessionStatus.LIVE


async def test_end_marks_the_session_ended_when_it_is_live(uow: PostgresUnitOfWork) -> None:
    session = await uow.sessions.start("hudson_cage", CB, SHOW_START)

    ended = await uow.sessions.end(session.id, SHOW_START + timedelta(hours=2))

    assert ended.status is SessionStatus.ENDED
    assert ended.ended_at == SHOW_START + timedelta(hours=2)
    assert await uow.sessions.current("hudson_cage", CB) is None


async def test_end_raises_conflict_when_session_has_already_ended(
    uow: PostgresUnitOfWork,
) -> None:
    session = await uow.sessions.start("hudson_cage", CB, SHOW_START)
    await uow.sessions.end(session.id, SHOW_START + timedelta(hours=2))

    with pytest.raises(Conflict, match=f"session {session.id} has already ended"):
        await uow.sessions.end(session.id, SHOW_START + timedelta(hours=3))


async def test_end_raises_not_found_when_session_is_unknown(uow: PostgresUnitOfWork) -> None:
    with pytest.raises(NotFound, match="stream session 424242"):
        await uow.sessions.end(424242, SHOW_START)


async def test_end_raises_invalid_input_when_end_is_before_start(
    uow: PostgresUnitOfWork,
) -> None:
    session = await uow.sessions.start("hudson_cage", CB, SHOW_START)

    with pytest.raises(InvalidInput, match="cannot end before it started") as raised:
        await uow.sessions.end(session.id, SHOW_START - timedelta(minutes=1))

    assert raised.value.field == "ended_at"
    assert await uow.sessions.current("hudson_cage", CB) == session


async def test_get_and_current_return_none_when_nothing_matches(uow: PostgresUnitOfWork) -> None:
    assert await uow.sessions.get(424242) is None
    assert await uow.sessions.current("hudson_cage", CB) is None


async def test_list_returns_newest_first_and_pages_when_there_are_several(
    uow: PostgresUnitOfWork,
) -> None:
    for day in range(3):
        session = await uow.sessions.start("hudson_cage", CB, SHOW_START + timedelta(days=day))
        await uow.sessions.end(session.id, session.started_at + timedelta(hours=1))
    await uow.sessions.start("rival_room", CB, SHOW_START)

    everything = await uow.sessions.list("hudson_cage")
    page = await uow.sessions.list("hudson_cage", limit=1, offset=1)

    assert [s.started_at.day for s in everything] == [7, 6, 5]
    assert [s.started_at.day for s in page] == [6]
