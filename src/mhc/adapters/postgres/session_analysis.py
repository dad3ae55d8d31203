"""Rows of the analysis queries read into the domain's aggregates: a session's, and the
evidence arrays every analysis query builds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mhc.adapters.postgres.listening import session_coverage
from mhc.domain.analysis.aggregates import SessionAggregates, SessionPersonRow, SessionTipperRow
from mhc.domain.analysis.models import Evidence
from mhc.domain.models import EvidenceType


def evidence_of(pair: list[Any]) -> Evidence:
    """An interaction from the `[id, source, ...]` arrays the queries build."""
    return Evidence(type=EvidenceType.INTERACTION, id=int(pair[0]), source=str(pair[1]))


def evidence_list(pairs: Iterable[list[Any]]) -> tuple[Evidence, ...]:
    return tuple(evidence_of(pair) for pair in pairs)


def session_aggregates_of(row: Mapping[str, Any]) -> SessionAggregates:
    """The `session_aggregates` query's row as the domain reads it."""
    return SessionAggregates(
        session_id=row["id"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        tip_count=row["tip_count"],
        tip_total=row["tip_total"],
        tippers=row["tippers"],
        top_tippers=tuple(
            SessionTipperRow(
                person_id=person_id,
                username=username,
                tokens=tokens,
                tips=tips,
                largest_tip=evidence_of(largest),
            )
            for person_id, username, tokens, tips, largest in row["top_tippers"]
        ),
        tip_sources=tuple(row["tip_sources"]),
        enterers=row["enterers"],
        enterers_who_tipped=row["enterers_who_tipped"],
        enter_evidence=evidence_list(row["enter_evidence"]),
        newcomer_count=row["newcomer_count"],
        newcomers=_session_people(row["newcomers"]),
        regular_count=row["regular_count"],
        regulars=_session_people(row["regulars"]),
        chat_messages=row["chat_messages"],
        chatters=row["chatters"],
        private_messages=row["private_messages"],
        chat_sources=tuple(row["chat_sources"]),
        chat_evidence=evidence_list(row["chat_evidence"]),
        coverage=session_coverage(row["listening"]),
    )


def _session_people(rows: Iterable[list[Any]]) -> tuple[SessionPersonRow, ...]:
    return tuple(
        SessionPersonRow(
            person_id=person_id,
            username=username,
            evidence=evidence_of(first),
            prior_sessions=prior,
        )
        for person_id, username, first, prior in rows
    )
