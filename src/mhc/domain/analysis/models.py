"""What an analysis says: insights that cite their evidence, and suggested attributes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import msgspec

from mhc.domain.coverage import FULL, Coverage
from mhc.domain.errors import Conflict
from mhc.domain.models import Confidence, EvidenceType

# An insight names at most this many pieces of evidence; `EvidenceSet.total` counts them all.
EVIDENCE_CAP = 20

CHATURBATE_EVENTS = "Chaturbate Events"
STATBATE = "Statbate"

_SOURCE_LABELS = {
    "cb_events": CHATURBATE_EVENTS,
    "statbate_plus": STATBATE,
    "statbate_member": STATBATE,
    "statbate_profile": STATBATE,
    "statbate_model": STATBATE,
    "cb_stats": "Chaturbate Stats",
    "manual": "Manual",
    "lookup": "Lookup",
}

Facts = dict[str, Any]


class ExcludedFromAnalysis(Conflict):
    """The person is on the exclusion list and the caller did not ask to include them."""


class Evidence(msgspec.Struct, frozen=True, kw_only=True):
    """One stored row an insight came from: an interaction or a snapshot, by id and source."""

    type: EvidenceType
    id: int
    source: str


class EvidenceSet(msgspec.Struct, frozen=True, kw_only=True):
    """The first `EVIDENCE_CAP` pieces of evidence, and how many there are in all."""

    items: tuple[Evidence, ...] = ()
    total: int = 0


class Insight(msgspec.Struct, frozen=True, kw_only=True):
    """One finding. `enough_data` is False when the summary says why it cannot conclude."""

    key: str
    summary: str
    confidence: Confidence
    enough_data: bool
    sources: tuple[str, ...]
    evidence: EvidenceSet
    facts: Facts = msgspec.field(default_factory=dict)


def not_enough_data(
    key: str,
    summary: str,
    *,
    sources: tuple[str, ...],
    evidence: EvidenceSet | None = None,
    facts: Facts | None = None,
    confidence: Confidence = Confidence.LOW,
) -> Insight:
    """An insight that cannot conclude: `summary` says why, `evidence` is what there was.

    Confidence is low unless the answer is certain though empty ("no tips in this session").
    """
    return Insight(
        key=key,
        summary=summary,
        confidence=confidence,
        enough_data=False,
        sources=sources,
        evidence=EvidenceSet() if evidence is None else evidence,
        facts={} if facts is None else facts,
    )


class SuggestedAttribute(msgspec.Struct, frozen=True, kw_only=True):
    """An inferred attribute the owner may accept into the person's attributes or dismiss."""

    key: str
    value: str
    confidence: Confidence
    reason: str
    insight_key: str
    evidence: EvidenceSet
    current_value: str | None = None


class MonthActivity(msgspec.Struct, frozen=True, kw_only=True):
    """One calendar month (owner's time zone) of a person's activity in the room."""

    month: str  # "YYYY-MM"
    interactions: int
    tips: int
    tokens: int
    active_days: int


class PersonAnalysis(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    is_excluded: bool
    generated_at: datetime
    timezone: str
    spending: tuple[Insight, ...]
    engagement: tuple[Insight, ...]
    loyalty: tuple[Insight, ...]
    timing: tuple[Insight, ...]
    tags: tuple[Insight, ...]
    # Interactions per day of week (0 = Monday) and hour, in `timezone`.
    activity_heatmap: tuple[tuple[int, ...], ...]
    months: tuple[MonthActivity, ...]
    suggestions: tuple[SuggestedAttribute, ...]

    def insights(self) -> tuple[Insight, ...]:
        """Every insight of every dimension."""
        return self.spending + self.engagement + self.loyalty + self.timing + self.tags


class SessionPerson(msgspec.Struct, frozen=True, kw_only=True):
    """Someone present in a session, with the interaction that shows it."""

    person_id: int
    username: str
    evidence: Evidence
    prior_sessions: int = 0


class SessionTipper(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    tokens: int
    tips: int
    evidence: Evidence


class SessionAnalysis(msgspec.Struct, frozen=True, kw_only=True):
    session_id: int
    started_at: datetime
    ended_at: datetime | None
    top_tippers: tuple[SessionTipper, ...]
    newcomers: tuple[SessionPerson, ...]
    returning_regulars: tuple[SessionPerson, ...]
    enter_to_tip_conversion: float | None
    insights: tuple[Insight, ...]
    coverage: Coverage = FULL


def source_label(source: str) -> str:
    """The label the UI shows for a stored source ("cb_events" -> "Chaturbate Events")."""
    return _SOURCE_LABELS.get(source, source)


def source_labels(sources: Iterable[str]) -> tuple[str, ...]:
    """Distinct labels of `sources`, in first-seen order."""
    return tuple(dict.fromkeys(source_label(source) for source in sources))


def evidence_set(items: Sequence[Evidence], total: int | None = None) -> EvidenceSet:
    """Cap `items` at EVIDENCE_CAP (duplicates dropped); `total` defaults to their count."""
    unique = tuple(dict.fromkeys(items))
    return EvidenceSet(
        items=unique[:EVIDENCE_CAP], total=max(total if total is not None else 0, len(unique))
    )
