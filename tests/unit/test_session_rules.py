from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mhc.domain.errors import Conflict
from mhc.domain.models import Platform, SessionStatus, StreamSession
from mhc.domain.session_rules import end_session, ending_time, start_session

EVENING = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)


def _live(session_id: int = 7, started_at: datetime = EVENING) -> StreamSession:
    return start_session(
        None,
        new_id=session_id,
        broadcaster="hudson_cage",
        platform=Platform.CHATURBATE,
        started_at=started_at,
    )


def test_start_session_creates_a_live_session_when_none_is_live() -> None:
    session = _live()
    assert session.id == 7
    assert session.status == SessionStatus.LIVE
    assert session.started_at == EVENING
    assert session.ended_at is None


def test_start_session_returns_the_live_one_when_a_session_is_live() -> None:
    live = _live()
    again = start_session(
        live,
        new_id=8,
        broadcaster="hudson_cage",
        platform=Platform.CHATURBATE,
        started_at=EVENING + timedelta(hours=1),
    )
    assert again is live


def test_start_session_creates_a_new_one_when_the_current_has_ended() -> None:
    ended = end_session(_live(), EVENING + timedelta(hours=2))
    again = start_session(
        ended,
        new_id=8,
        broadcaster="hudson_cage",
        platform=Platform.CHATURBATE,
        started_at=EVENING + timedelta(hours=3),
    )
    assert (again.id, again.status) == (8, SessionStatus.LIVE)


def test_end_session_sets_status_and_end_time_when_live() -> None:
    ended = end_session(_live(), EVENING + timedelta(hours=2))
    assert ended.status == SessionStatus.ENDED
    assert ended.ended_at == EVENING + timedelta(hours=2)


def test_end_session_raises_conflict_when_already_ended() -> None:
    ended = end_session(_live(), EVENING + timedelta(hours=2))
    with pytest.raises(Conflict, match="already ended"):
        end_session(ended, EVENING + timedelta(hours=3))


def test_ending_time_moves_to_the_start_when_asked_to_end_before_it() -> None:
    assert ending_time(_live(), EVENING - timedelta(minutes=5)) == EVENING


class SessionMachine(RuleBasedStateMachine):
    """Any interleaving of starts and ends, at any times, in two rooms."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: dict[int, StreamSession] = {}
        self.ids = itertools.count(1)

    def _live_of(self, broadcaster: str) -> StreamSession | None:
        live = [
            s
            for s in self.sessions.values()
            if s.broadcaster == broadcaster and s.status == SessionStatus.LIVE
        ]
        return live[0] if live else None

    @rule(
        broadcaster=st.sampled_from(["hudson_cage", "other_room"]),
        minutes=st.integers(-600, 600),
    )
    def start(self, broadcaster: str, minutes: int) -> None:
        current = self._live_of(broadcaster)
        session = start_session(
            current,
            new_id=next(self.ids),
            broadcaster=broadcaster,
            platform=Platform.CHATURBATE,
            started_at=EVENING + timedelta(minutes=minutes),
        )
        if current is not None:
            assert session is current
        self.sessions[session.id] = session

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data(), minutes=st.integers(-600, 600))
    def end(self, data: st.DataObject, minutes: int) -> None:
        session = self.sessions[data.draw(st.sampled_from(sorted(self.sessions)))]
        at = EVENING + timedelta(minutes=minutes)
        if session.status == SessionStatus.ENDED:
            with pytest.raises(Conflict):
                end_session(session, at)
        else:
            self.sessions[session.id] = end_session(session, at)

    @invariant()
    def at_most_one_live_session_per_broadcaster(self) -> None:
        for broadcaster in ("hudson_cage", "other_room"):
            live = [
                s
                for s in self.sessions.values()
                if s.broadcaster == broadcaster and s.status == SessionStatus.LIVE
            ]
            assert len(live) <= 1

    @invariant()
    def ended_sessions_end_after_they_start(self) -> None:
        for session in self.sessions.values():
            assert (session.ended_at is None) == (session.status == SessionStatus.LIVE)
            if session.ended_at is not None:
                assert session.ended_at >= session.started_at


test_session_rules_hold_when_starts_and_ends_interleave = SessionMachine.TestCase
