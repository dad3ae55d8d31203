from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import EngagementAggregate
from mhc.domain.analysis.engagement import attendance, chat_per_session, private_messages
from mhc.domain.analysis.models import Evidence
from mhc.domain.models import Confidence, EvidenceType


def _message(evidence_id: int, source: str = "cb_events") -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source=source)


def test_chat_per_session_says_not_seen_when_the_person_attended_no_session() -> None:
    insight = chat_per_session(EngagementAggregate())
    assert (
        insight.summary == "Not seen in any of your sessions yet: not enough to call a chat rate."
    )
    assert not insight.enough_data
    assert insight.confidence == Confidence.LOW


def test_chat_per_session_refuses_a_rate_when_only_one_session_was_attended() -> None:
    insight = chat_per_session(
        EngagementAggregate(chat_messages=40, sessions_attended=1, chat_sources=("cb_events",))
    )
    assert insight.summary.startswith("Only 1 session attended (40 chat messages in all)")
    assert not insight.enough_data


def test_chat_per_session_gives_mean_and_median_when_sessions_back_it() -> None:
    insight = chat_per_session(
        EngagementAggregate(
            chat_messages=120,
            sessions_attended=12,
            median_messages_per_session=8,
            chat_sources=("cb_events", "statbate_plus"),
            chat_evidence=tuple(_message(i) for i in range(25)),
        )
    )
    assert insight.summary == (
        "About 10.0 chat messages per session attended (median 8): 120 messages over 12 sessions."
    )
    assert insight.confidence == Confidence.HIGH
    assert insight.sources == ("Chaturbate Events", "Statbate")
    assert (len(insight.evidence.items), insight.evidence.total) == (20, 120)


def test_attendance_has_nothing_to_compare_when_the_owner_held_no_session_since() -> None:
    insight = attendance(EngagementAggregate(sessions_attended=0, owner_sessions_total=30))
    assert not insight.enough_data
    assert "nothing to compare" in insight.summary


def test_attendance_gives_the_share_of_sessions_when_the_owner_streamed() -> None:
    insight = attendance(
        EngagementAggregate(
            sessions_attended=6, owner_sessions_since_first_seen=24, owner_sessions_total=50
        )
    )
    assert insight.summary == "Attended 6 of your 24 sessions since first seen (25%)."
    assert insight.facts["share_attended"] == 0.25
    assert insight.confidence == Confidence.HIGH


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_attendance_share_never_exceeds_one_when_counts_disagree(
    attended: int, possible: int
) -> None:
    insight = attendance(
        EngagementAggregate(sessions_attended=attended, owner_sessions_since_first_seen=possible)
    )
    assert 0 <= insight.facts["share_attended"] <= 1


def test_private_messages_says_none_seen_when_there_are_none() -> None:
    insight = private_messages(EngagementAggregate(sessions_attended=5))
    assert insight.summary == "No private messages seen."
    assert not insight.enough_data


def test_private_messages_counts_per_session_when_some_were_sent() -> None:
    insight = private_messages(
        EngagementAggregate(
            private_messages=6,
            sessions_attended=4,
            private_sources=("cb_events",),
            private_evidence=(_message(9),),
        )
    )
    assert insight.summary == "Sent 6 private messages (1.5 per session attended)."
    assert insight.confidence == Confidence.MEDIUM
    assert insight.evidence.items == (_message(9),)
