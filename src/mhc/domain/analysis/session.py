"""Session analysis: who tipped, who was new, who came back, who converted, how busy the chat was.

Counts of stored events in one session are facts, so those insights are HIGH confidence; the
rates (conversion, messages per hour) depend on how many people and messages back them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import msgspec

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import SessionAggregates, SessionPersonRow
from mhc.domain.analysis.models import (
    CHATURBATE_EVENTS,
    Facts,
    Insight,
    SessionAnalysis,
    SessionPerson,
    SessionTipper,
    evidence_set,
    not_enough_data,
    source_labels,
)
from mhc.domain.analysis.wording import percent, plural
from mhc.domain.coverage import Coverage
from mhc.domain.models import Confidence

# Someone present in this many earlier sessions is a returning regular.
REGULAR_MIN_PRIOR_SESSIONS = 3
TOP_TIPPERS = 10
LISTED_PEOPLE = 50
CONVERSION_MEDIUM_AT = 10
CONVERSION_HIGH_AT = 50
CHAT_MEDIUM_AT = 20
CHAT_HIGH_AT = 200
MIN_DURATION_FOR_RATE = timedelta(minutes=15)
NAMES_IN_SUMMARY = 5


def conversion(enterers: int, enterers_who_tipped: int) -> float | None:
    """Share of distinct people who entered and also tipped; None when nobody entered."""
    if enterers <= 0:
        return None
    return min(max(enterers_who_tipped, 0) / enterers, 1.0)


def top_tippers_insight(session: SessionAggregates) -> Insight:
    sources = source_labels(session.tip_sources) or (CHATURBATE_EVENTS,)
    if session.tip_count == 0:
        heard_all = session.coverage.complete
        return not_enough_data(
            "session.top_tippers",
            "No tips in this session."
            if heard_all
            else f"No tips recorded, but {not_heard(session.coverage)}: tips may be missing.",
            sources=sources,
            facts={"tip_count": 0, "tip_total": 0, "tippers": 0}
            | ({} if heard_all else {"coverage": session.coverage.state.value}),
            confidence=Confidence.HIGH if heard_all else Confidence.LOW,
        )
    leaders = ", ".join(
        f"{row.username} ({row.tokens:,})" for row in session.top_tippers[:NAMES_IN_SUMMARY]
    )
    return Insight(
        key="session.top_tippers",
        summary=(
            f"{plural(session.tippers, 'tipper')} gave {plural(session.tip_total, 'token')} in "
            f"{plural(session.tip_count, 'tip')}; top: {leaders}."
        ),
        confidence=Confidence.HIGH,
        enough_data=True,
        sources=sources,
        evidence=evidence_set([row.largest_tip for row in session.top_tippers], session.tip_count),
        facts={
            "tip_count": session.tip_count,
            "tip_total": session.tip_total,
            "tippers": session.tippers,
        },
    )


def newcomers_insight(session: SessionAggregates) -> Insight:
    count = session.newcomer_count
    names = _names(session.newcomers, count)
    return Insight(
        key="session.newcomers",
        summary=(
            f"{plural(count, 'person', 'people')} seen for the first time{names}."
            if count
            else "Nobody was seen for the first time in this session."
        ),
        confidence=Confidence.HIGH,
        enough_data=True,
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence_set([row.evidence for row in session.newcomers], count),
        facts={"newcomers": count},
    )


def regulars_insight(session: SessionAggregates) -> Insight:
    count = session.regular_count
    names = _names(session.regulars, count)
    return Insight(
        key="session.returning_regulars",
        summary=(
            f"{plural(count, 'returning regular')} (in {REGULAR_MIN_PRIOR_SESSIONS}+ earlier "
            f"sessions){names}."
            if count
            else f"No returning regulars (nobody here was in {REGULAR_MIN_PRIOR_SESSIONS}+ "
            "earlier sessions)."
        ),
        confidence=Confidence.HIGH,
        enough_data=True,
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence_set([row.evidence for row in session.regulars], count),
        facts={"returning_regulars": count, "min_prior_sessions": REGULAR_MIN_PRIOR_SESSIONS},
    )


def conversion_insight(session: SessionAggregates) -> Insight:
    share = conversion(session.enterers, session.enterers_who_tipped)
    evidence = evidence_set(session.enter_evidence, session.enterers)
    facts = {
        "enterers": session.enterers,
        "enterers_who_tipped": session.enterers_who_tipped,
        "conversion": None if share is None else round(share, 4),
    }
    if share is None:
        return not_enough_data(
            "session.conversion",
            "No room entries recorded in this session: conversion cannot be computed.",
            sources=(CHATURBATE_EVENTS,),
            evidence=evidence,
            facts=facts,
        )
    summary = (
        f"{session.enterers_who_tipped:,} of {plural(session.enterers, 'person', 'people')} "
        f"who entered tipped ({percent(share)})."
    )
    if session.enterers < CONVERSION_MEDIUM_AT:
        summary += f" Only {session.enterers:,} entered: too few for a reliable rate."
    return Insight(
        key="session.conversion",
        summary=summary,
        confidence=confidence.by_volume(
            session.enterers, medium_at=CONVERSION_MEDIUM_AT, high_at=CONVERSION_HIGH_AT
        ),
        enough_data=True,
        sources=(CHATURBATE_EVENTS,),
        evidence=evidence,
        facts=facts,
    )


def chat_volume_insight(session: SessionAggregates, now: datetime) -> Insight:
    sources = source_labels(session.chat_sources) or (CHATURBATE_EVENTS,)
    duration = (session.ended_at or now) - session.started_at
    facts: Facts = {
        "chat_messages": session.chat_messages,
        "chatters": session.chatters,
        "private_messages": session.private_messages,
        "duration_seconds": max(int(duration.total_seconds()), 0),
    }
    summary = (
        f"{plural(session.chat_messages, 'chat message')} from "
        f"{plural(session.chatters, 'chatter')}, "
        f"{plural(session.private_messages, 'private message')}"
    )
    if duration >= MIN_DURATION_FOR_RATE:
        per_hour = session.chat_messages / (duration / timedelta(hours=1))
        summary += f" ({per_hour:,.0f} messages an hour)"
        facts["messages_per_hour"] = round(per_hour, 1)
    if session.ended_at is None:
        summary += " so far"
    return Insight(
        key="session.chat_volume",
        summary=summary + ".",
        confidence=confidence.by_volume(
            session.chat_messages, medium_at=CHAT_MEDIUM_AT, high_at=CHAT_HIGH_AT
        ),
        enough_data=session.chat_messages > 0,
        sources=sources,
        evidence=evidence_set(session.chat_evidence, session.chat_messages),
        facts=facts,
    )


def not_heard(coverage: Coverage) -> str:
    """ "the panel was not listening for 12m of this session" (or that nobody knows)."""
    missing = coverage.missing
    if missing is None:
        return "the panel did not record when it was listening during this session"
    minutes, seconds = divmod(int(missing.total_seconds()), 60)
    length = f"{minutes:,}m" if minutes else f"{seconds}s"
    return f"the panel was not listening for {length} of this session"


def partial(insight: Insight, coverage: Coverage) -> Insight:
    """The insight of a session the panel did not hear in full: its counts are lower bounds,
    so it says so and claims at most medium confidence (low when it found nothing)."""
    if coverage.complete or "coverage" in insight.facts:
        return insight
    found = insight.enough_data and any(
        isinstance(value, int) and value > 0 for value in insight.facts.values()
    )
    ceiling = Confidence.MEDIUM if found else Confidence.LOW
    return msgspec.structs.replace(
        insight,
        summary=f"{insight.summary} Partial: {not_heard(coverage)}, so these are at least the "
        "counts.",
        confidence=confidence.weakest(insight.confidence, ceiling),
        facts={**insight.facts, "coverage": coverage.state.value},
    )


def analyse_session(session: SessionAggregates, now: datetime) -> SessionAnalysis:
    """Score one session's aggregates (worded as partial when the panel missed part of it)."""
    insights = (
        top_tippers_insight(session),
        newcomers_insight(session),
        regulars_insight(session),
        conversion_insight(session),
        chat_volume_insight(session, now),
    )
    return SessionAnalysis(
        session_id=session.session_id,
        started_at=session.started_at,
        ended_at=session.ended_at,
        top_tippers=tuple(
            SessionTipper(
                person_id=row.person_id,
                username=row.username,
                tokens=row.tokens,
                tips=row.tips,
                evidence=row.largest_tip,
            )
            for row in session.top_tippers
        ),
        newcomers=_people(session.newcomers),
        returning_regulars=_people(session.regulars),
        enter_to_tip_conversion=conversion(session.enterers, session.enterers_who_tipped),
        insights=tuple(partial(insight, session.coverage) for insight in insights),
        coverage=session.coverage,
    )


def _people(rows: Sequence[SessionPersonRow]) -> tuple[SessionPerson, ...]:
    return tuple(
        SessionPerson(
            person_id=row.person_id,
            username=row.username,
            evidence=row.evidence,
            prior_sessions=row.prior_sessions,
        )
        for row in rows
    )


def _names(rows: Sequence[SessionPersonRow], count: int) -> str:
    """ ": a, b, c and 12 more" (the rows may be capped below `count`)."""
    if not rows:
        return ""
    shown = ", ".join(row.username for row in rows[:NAMES_IN_SUMMARY])
    more = count - min(len(rows), NAMES_IN_SUMMARY)
    return f": {shown}" + (f" and {more:,} more" if more > 0 else "")
