"""Engagement: chat per session, attendance of the owner's sessions, private messages."""

from __future__ import annotations

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import EngagementAggregate
from mhc.domain.analysis.models import (
    CHATURBATE_EVENTS,
    Facts,
    Insight,
    evidence_set,
    not_enough_data,
    source_labels,
)
from mhc.domain.analysis.wording import percent, plural

SESSIONS_MEDIUM_AT = 3
SESSIONS_HIGH_AT = 10
OWNER_SESSIONS_MEDIUM_AT = 5
OWNER_SESSIONS_HIGH_AT = 20
MIN_SESSIONS_FOR_RATE = 2
PRIVATE_MEDIUM_AT = 3
PRIVATE_HIGH_AT = 10


def chat_per_session(engagement: EngagementAggregate) -> Insight:
    """Chat messages per attended session: the mean, and the median of the sessions."""
    sources = source_labels(engagement.chat_sources) or (CHATURBATE_EVENTS,)
    evidence = evidence_set(engagement.chat_evidence, engagement.chat_messages)
    messages = engagement.chat_messages
    attended = engagement.sessions_attended
    facts: Facts = {"chat_messages": messages, "sessions_attended": attended}
    if attended < MIN_SESSIONS_FOR_RATE:
        seen = (
            "Not seen in any of your sessions yet" if attended == 0 else "Only 1 session attended"
        )
        chatted = f" ({plural(messages, 'chat message')} in all)" if messages else ""
        return not_enough_data(
            "engagement.chat",
            f"{seen}{chatted}: not enough to call a chat rate.",
            sources=sources,
            evidence=evidence,
            facts=facts,
        )
    per_session = messages / attended
    median = engagement.median_messages_per_session
    summary = f"About {per_session:,.1f} chat messages per session attended"
    if median is not None:
        summary += f" (median {median:,.0f})"
        facts["median_messages_per_session"] = median
    summary += f": {plural(messages, 'message')} over {plural(attended, 'session')}."
    facts["messages_per_session"] = round(per_session, 2)
    return Insight(
        key="engagement.chat",
        summary=summary,
        confidence=confidence.by_volume(
            attended, medium_at=SESSIONS_MEDIUM_AT, high_at=SESSIONS_HIGH_AT
        ),
        enough_data=True,
        sources=sources,
        evidence=evidence,
        facts=facts,
    )


def attendance(engagement: EngagementAggregate) -> Insight:
    """Share of the owner's sessions since the person was first seen that they attended."""
    possible = engagement.owner_sessions_since_first_seen
    attended = engagement.sessions_attended
    evidence = evidence_set(engagement.session_evidence, attended)
    facts: Facts = {
        "sessions_attended": attended,
        "owner_sessions_since_first_seen": possible,
        "owner_sessions_total": engagement.owner_sessions_total,
    }
    if possible == 0:
        return not_enough_data(
            "engagement.attendance",
            "None of your sessions since this person was first seen: nothing to compare.",
            sources=(CHATURBATE_EVENTS,),
            evidence=evidence,
            facts=facts,
        )
    # A session started before the first sighting can still hold it; never above 100%.
    share = min(attended / possible, 1.0)
    facts["share_attended"] = round(share, 3)
    return Insight(
        key="engagement.attendance",
        summary=(
            f"Attended {attended:,} of your {plural(possible, 'session')} since first seen "
            f"({percent(share)})."
        ),
        confidence=confidence.by_volume(
            possible, medium_at=OWNER_SESSIONS_MEDIUM_AT, high_at=OWNER_SESSIONS_HIGH_AT
        ),
        enough_data=True,
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence,
        facts=facts,
    )


def private_messages(engagement: EngagementAggregate) -> Insight:
    """How many private messages the person sent, and how often per attended session."""
    count = engagement.private_messages
    sources = source_labels(engagement.private_sources) or (CHATURBATE_EVENTS,)
    facts: Facts = {"private_messages": count}
    if count == 0:
        return not_enough_data(
            "engagement.private",
            "No private messages seen.",
            sources=sources,
            facts=facts,
        )
    summary = f"Sent {plural(count, 'private message')}"
    if engagement.sessions_attended:
        rate = count / engagement.sessions_attended
        summary += f" ({rate:,.1f} per session attended)"
        facts["private_per_session"] = round(rate, 2)
    return Insight(
        key="engagement.private",
        summary=summary + ".",
        confidence=confidence.by_volume(
            count, medium_at=PRIVATE_MEDIUM_AT, high_at=PRIVATE_HIGH_AT
        ),
        enough_data=True,
        sources=sources,
        evidence=evidence_set(engagement.private_evidence, count),
        facts=facts,
    )
