"""Bodies of the analysis routes and of evidence links (controllers/analysis.py).

`facts` of an insight are free-form figures keyed as the analysis names them (snake_case, like
a snapshot's normalizedMetrics).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from mhc.adapters.http.schemas.common import (
    NOT_BLANK,
    PATTERN_MESSAGES,
    Body,
    CoverageOut,
    InteractionOut,
)
from mhc.domain.analysis.inference import INFERENCE_KEYS
from mhc.domain.models import (
    Confidence,
    EvidenceType,
)


class EvidenceOut(Body):
    type: EvidenceType
    id: int
    source: str


class EvidenceSetOut(Body):
    """At most 20 pieces of evidence; `total` counts them all."""

    items: list[EvidenceOut]
    total: int


class InsightOut(Body):
    key: str
    summary: str
    confidence: Confidence
    enough_data: bool
    sources: list[str]
    evidence: EvidenceSetOut
    facts: dict[str, Any]


class SuggestedAttributeOut(Body):
    key: str
    value: str
    confidence: Confidence
    reason: str
    insight_key: str
    evidence: EvidenceSetOut
    current_value: str | None


class MonthActivityOut(Body):
    month: str
    interactions: int
    tips: int
    tokens: int
    active_days: int


class PersonAnalysisOut(Body):
    person_id: int
    username: str
    is_excluded: bool
    generated_at: datetime
    timezone: str
    spending: list[InsightOut]
    engagement: list[InsightOut]
    loyalty: list[InsightOut]
    timing: list[InsightOut]
    tags: list[InsightOut]
    # Seven rows (0 = Monday) of 24 hourly counts, in `timezone`.
    activity_heatmap: list[list[int]]
    months: list[MonthActivityOut]
    suggestions: list[SuggestedAttributeOut]


class SessionTipperOut(Body):
    person_id: int
    username: str
    tokens: int
    tips: int
    evidence: EvidenceOut


class SessionPersonOut(Body):
    person_id: int
    username: str
    evidence: EvidenceOut
    prior_sessions: int


class SessionAnalysisOut(Body):
    session_id: int
    started_at: datetime
    ended_at: datetime | None
    top_tippers: list[SessionTipperOut]
    newcomers: list[SessionPersonOut]
    returning_regulars: list[SessionPersonOut]
    enter_to_tip_conversion: float | None
    insights: list[InsightOut]
    coverage: CoverageOut


# The attributes the analysis infers (spaces around are trimmed).
INFERENCE_KEY = rf"^\s*(?:{'|'.join(INFERENCE_KEYS)})\s*$"
PATTERN_MESSAGES[INFERENCE_KEY] = (
    f"is not an inferred attribute: one of {', '.join(INFERENCE_KEYS)}"
)


class AnalysisDecisionRequest(Body):
    """A suggestion to accept or dismiss, named by its key and value."""

    key: Annotated[str, msgspec.Meta(max_length=100, pattern=INFERENCE_KEY)]
    value: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NOT_BLANK)]


class EvidenceInteractionOut(InteractionOut):
    username: str
