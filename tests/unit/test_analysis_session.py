from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import SessionAggregates, SessionPersonRow, SessionTipperRow
from mhc.domain.analysis.models import Evidence
from mhc.domain.analysis.session import analyse_session, conversion
from mhc.domain.coverage import Coverage, CoverageState, Gap
from mhc.domain.models import Confidence, EvidenceType

STARTED = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)


def _event(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


def _person(person_id: int, name: str, prior: int = 0) -> SessionPersonRow:
    return SessionPersonRow(
        person_id=person_id, username=name, evidence=_event(person_id * 10), prior_sessions=prior
    )


BUSY = SessionAggregates(
    session_id=9,
    started_at=STARTED,
    ended_at=STARTED + timedelta(hours=2),
    tip_count=14,
    tip_total=2_300,
    tippers=3,
    top_tippers=(
        SessionTipperRow(
            person_id=1, username="big_tipper_77", tokens=2_000, tips=10, largest_tip=_event(101)
        ),
        SessionTipperRow(
            person_id=2, username="shy_viewer_8", tokens=300, tips=4, largest_tip=_event(102)
        ),
    ),
    tip_sources=("cb_events",),
    enterers=40,
    enterers_who_tipped=2,
    enter_evidence=tuple(_event(i) for i in range(300, 330)),
    newcomer_count=7,
    newcomers=tuple(_person(i, f"new_viewer_{i}") for i in range(20, 27)),
    regular_count=2,
    regulars=(_person(1, "big_tipper_77", 40), _person(3, "night_owl_3", 5)),
    chat_messages=600,
    chatters=25,
    private_messages=4,
    chat_sources=("cb_events",),
    chat_evidence=(_event(900),),
)


@given(st.integers(min_value=-5, max_value=1000), st.integers(min_value=-5, max_value=1000))
def test_conversion_is_a_share_or_none_when_counts_are_anything(enterers: int, tipped: int) -> None:
    share = conversion(enterers, tipped)
    if enterers <= 0:
        assert share is None
    else:
        assert share is not None
        assert 0 <= share <= 1


def test_analyse_session_reports_every_dimension_when_the_session_was_busy() -> None:
    analysis = analyse_session(BUSY, STARTED + timedelta(hours=3))
    insights = {i.key: i for i in analysis.insights}
    assert analysis.enter_to_tip_conversion == 0.05
    assert [t.username for t in analysis.top_tippers] == ["big_tipper_77", "shy_viewer_8"]
    assert insights["session.top_tippers"].summary == (
        "3 tippers gave 2,300 tokens in 14 tips; top: big_tipper_77 (2,000), shy_viewer_8 (300)."
    )
    assert [e.id for e in insights["session.top_tippers"].evidence.items] == [101, 102]
    assert insights["session.newcomers"].summary == (
        "7 people seen for the first time: new_viewer_20, new_viewer_21, new_viewer_22, "
        "new_viewer_23, new_viewer_24 and 2 more."
    )
    assert insights["session.returning_regulars"].summary == (
        "2 returning regulars (in 3+ earlier sessions): big_tipper_77, night_owl_3."
    )
    assert insights["session.conversion"].summary == "2 of 40 people who entered tipped (5%)."
    assert insights["session.conversion"].confidence == Confidence.MEDIUM
    assert insights["session.conversion"].evidence.total == 40
    assert insights["session.chat_volume"].summary == (
        "600 chat messages from 25 chatters, 4 private messages (300 messages an hour)."
    )
    assert insights["session.chat_volume"].confidence == Confidence.HIGH


def test_analyse_session_says_conversion_cannot_be_computed_when_nobody_entered() -> None:
    quiet = SessionAggregates(session_id=10, started_at=STARTED, ended_at=None)
    insights = {i.key: i for i in analyse_session(quiet, STARTED + timedelta(minutes=5)).insights}
    assert insights["session.conversion"].summary == (
        "No room entries recorded in this session: conversion cannot be computed."
    )
    assert insights["session.top_tippers"].summary == "No tips in this session."
    assert insights["session.chat_volume"].summary == (
        "0 chat messages from 0 chatters, 0 private messages so far."
    )
    assert not insights["session.chat_volume"].enough_data


def test_analyse_session_flags_a_rate_as_unreliable_when_few_people_entered() -> None:
    few = SessionAggregates(
        session_id=11, started_at=STARTED, ended_at=None, enterers=4, enterers_who_tipped=1
    )
    insight = {i.key: i for i in analyse_session(few, STARTED).insights}["session.conversion"]
    assert insight.confidence == Confidence.LOW
    assert insight.summary == (
        "1 of 4 people who entered tipped (25%). Only 4 entered: too few for a reliable rate."
    )


MISSED_A_MINUTE = Coverage(
    state=CoverageState.PARTIAL,
    gaps=(
        Gap(started_at=STARTED + timedelta(minutes=40), ended_at=STARTED + timedelta(minutes=52)),
    ),
)


def test_no_tips_is_not_a_certain_answer_when_the_panel_missed_part_of_the_session() -> None:
    quiet = SessionAggregates(
        session_id=12, started_at=STARTED, ended_at=STARTED + timedelta(hours=1),
        coverage=MISSED_A_MINUTE,
    )  # fmt: skip

    analysis = analyse_session(quiet, STARTED + timedelta(hours=2))
    insight = {i.key: i for i in analysis.insights}["session.top_tippers"]

    assert analysis.coverage == MISSED_A_MINUTE
    assert insight.summary == (
        "No tips recorded, but the panel was not listening for 12m of this session: "
        "tips may be missing."
    )
    assert insight.confidence == Confidence.LOW
    assert not insight.enough_data


def test_counts_of_a_partly_heard_session_say_they_are_lower_bounds() -> None:
    partly = msgspec.structs.replace(BUSY, coverage=MISSED_A_MINUTE)

    insights = {i.key: i for i in analyse_session(partly, STARTED + timedelta(hours=3)).insights}

    tippers = insights["session.top_tippers"]
    assert tippers.summary.endswith(
        "Partial: the panel was not listening for 12m of this session, so these are at least "
        "the counts."
    )
    assert tippers.confidence == Confidence.MEDIUM
    assert tippers.facts["coverage"] == "partial"
    assert all(i.confidence != Confidence.HIGH for i in insights.values())


def test_unknown_coverage_says_nobody_knows_when_the_panel_was_listening() -> None:
    old = msgspec.structs.replace(BUSY, coverage=Coverage(state=CoverageState.UNKNOWN))

    insights = analyse_session(old, STARTED + timedelta(hours=3)).insights

    assert all("did not record when it was listening" in i.summary for i in insights)
