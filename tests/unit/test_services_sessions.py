from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.models import SessionStatus
from mhc.services.sessions import SessionService, start_stream_session


@pytest.fixture
def sessions(database: FakeDatabase, clock: ManualClock) -> SessionService:
    return SessionService(database.unit_of_work, clock, "Hudson_Cage")


async def test_start_opens_a_live_session_of_the_broadcaster_when_none_is_live(
    sessions: SessionService,
) -> None:
    session = await sessions.start()

    assert (session.broadcaster, session.status) == ("hudson_cage", SessionStatus.LIVE)
    assert (session.started_at, session.ended_at) == (EVENING, None)
    assert await sessions.get_current() == session


async def test_start_returns_the_live_session_when_one_is_live(
    sessions: SessionService, database: FakeDatabase, clock: ManualClock
) -> None:
    first = await sessions.start()
    clock.advance(minutes=30)

    assert await sessions.start() == first
    assert len(database.tables.sessions) == 1


async def test_start_keeps_rooms_apart_when_another_broadcaster_goes_live(
    sessions: SessionService,
) -> None:
    ours = await sessions.start()
    theirs = await sessions.start("some_model")

    assert theirs.id != ours.id
    assert await sessions.get_current("some_model") == theirs
    assert await sessions.get_current() == ours


async def test_end_closes_the_session_when_it_is_live(
    sessions: SessionService, clock: ManualClock
) -> None:
    session = await sessions.start()
    later = clock.advance(hours=2)

    ended = await sessions.end(session.id)

    assert (ended.status, ended.ended_at) == (SessionStatus.ENDED, later)
    assert await sessions.get(session.id) == ended
    assert await sessions.get_current() is None


async def test_end_raises_conflict_when_the_session_has_ended(
    sessions: SessionService, clock: ManualClock
) -> None:
    session = await sessions.start()
    first_end = clock.advance(hours=1)
    await sessions.end(session.id)
    clock.advance(hours=1)

    with pytest.raises(Conflict):
        await sessions.end(session.id)
    assert (await sessions.get(session.id)).ended_at == first_end


async def test_end_raises_not_found_when_the_session_is_unknown(sessions: SessionService) -> None:
    with pytest.raises(NotFound):
        await sessions.end(404)
    with pytest.raises(NotFound):
        await sessions.get(404)


async def test_end_records_the_start_as_end_when_the_clock_went_back(
    sessions: SessionService, clock: ManualClock
) -> None:
    session = await sessions.start()
    clock.set(EVENING - timedelta(minutes=3))

    ended = await sessions.end(session.id)

    assert ended.ended_at == session.started_at


async def test_end_current_ends_the_live_session_when_there_is_one(
    sessions: SessionService, clock: ManualClock
) -> None:
    session = await sessions.start()
    clock.advance(hours=1)

    ended = await sessions.end_current()

    assert ended is not None
    assert (ended.id, ended.status) == (session.id, SessionStatus.ENDED)
    assert await sessions.end_current() is None


async def test_list_returns_newest_first_when_paged(
    sessions: SessionService, clock: ManualClock
) -> None:
    starts = []
    for _ in range(3):
        starts.append((await sessions.start()).started_at)
        clock.advance(hours=1)
        await sessions.end_current()
        clock.advance(hours=23)
    await sessions.start("some_model")

    assert [s.started_at for s in await sessions.list()] == starts[::-1]
    assert [s.started_at for s in await sessions.list(limit=1, offset=1)] == [starts[1]]
    assert [s.broadcaster for s in await sessions.list(broadcaster="some_model")] == ["some_model"]


@pytest.mark.parametrize(
    ("limit", "offset", "field"), [(0, 0, "limit"), (501, 0, "limit"), (5, -1, "offset")]
)
async def test_list_raises_invalid_input_when_the_page_is_out_of_range(
    sessions: SessionService, limit: int, offset: int, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        await sessions.list(limit=limit, offset=offset)
    assert raised.value.field == field


async def test_start_raises_invalid_input_when_the_broadcaster_is_no_username(
    sessions: SessionService,
) -> None:
    with pytest.raises(InvalidInput):
        await sessions.start("hudson cage")


async def test_start_stream_session_raises_invalid_input_when_the_time_has_no_zone(
    database: FakeDatabase, clock: ManualClock
) -> None:
    async with database.unit_of_work() as uow:
        with pytest.raises(InvalidInput) as raised:
            await start_stream_session(uow, clock, "hudson_cage", started_at=datetime(2026, 1, 10))
    assert raised.value.field == "started_at"


operations = st.lists(
    st.tuples(
        st.sampled_from(["start", "end_current", "end_any"]),
        st.sampled_from(["hudson_cage", "some_model"]),
        st.integers(-120, 600),
    ),
    max_size=25,
)


@given(operations)
async def test_sessions_stay_consistent_when_starts_and_ends_come_in_any_order(
    steps: list[tuple[str, str, int]],
) -> None:
    clock = ManualClock(EVENING)
    database = FakeDatabase(clock)
    sessions = SessionService(database.unit_of_work, clock, "hudson_cage")
    for action, broadcaster, minutes in steps:
        clock.set(EVENING + timedelta(minutes=minutes))
        if action == "start":
            await sessions.start(broadcaster)
        elif action == "end_current":
            await sessions.end_current(broadcaster)
        elif database.tables.sessions:
            ids = sorted(database.tables.sessions)
            some_id = ids[minutes % len(ids)]
            try:
                await sessions.end(some_id)
            except Conflict:
                assert database.tables.sessions[some_id].status == SessionStatus.ENDED

    stored = list(database.tables.sessions.values())
    for broadcaster in ("hudson_cage", "some_model"):
        live = [
            s for s in stored if s.broadcaster == broadcaster and s.status == SessionStatus.LIVE
        ]
        assert len(live) <= 1
    for session in stored:
        assert (session.ended_at is None) == (session.status == SessionStatus.LIVE)
        assert session.ended_at is None or session.ended_at >= session.started_at
