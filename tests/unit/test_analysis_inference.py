from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import Dismissal
from mhc.domain.analysis.inference import (
    INFERENCE_KEYS,
    SPENDER_TIERS,
    infer,
    spender_tier,
    suggest,
)
from mhc.domain.analysis.models import Evidence, EvidenceSet, Insight
from mhc.domain.models import Confidence, EvidenceType

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
TIER_ORDER = [tier for _, tier in reversed(SPENDER_TIERS)]


def _evidence(evidence_id: int, kind: EvidenceType = EvidenceType.INTERACTION) -> EvidenceSet:
    return EvidenceSet(items=(Evidence(type=kind, id=evidence_id, source="cb_events"),), total=1)


def _insight(
    key: str, facts: dict[str, object], *, enough: bool = True, cited: bool = True
) -> Insight:
    return Insight(
        key=key,
        summary=f"summary of {key}",
        confidence=Confidence.MEDIUM,
        enough_data=enough,
        sources=("Chaturbate Events",),
        evidence=_evidence(len(key)) if cited else EvidenceSet(),
        facts=facts,
    )


INSIGHTS = [
    _insight("spending.room", {"total_tokens": 2_500}),
    _insight("loyalty.rfm", {"label": "regular"}),
    _insight("timing.room_hours", {"active_hours": "evenings"}),
    _insight("timing.site_wide_hours", {"active_hours": "nights"}),
    _insight("tags.preferences", {"favourite_tags": ["muscle", "bear"]}),
    _insight("loyalty.fan_club", {"member": True}),
]


def test_infer_reads_every_kind_of_attribute_when_the_insights_support_them() -> None:
    inferred = {s.key: s.value for s in infer(INSIGHTS)}
    assert inferred == {
        "spender_tier": "big",
        "loyalty": "regular",
        "active_hours": "evenings",
        "favourite_tags": "muscle, bear",
        "fan_club": "member",
    }


def test_infer_falls_back_to_statbate_hours_when_room_hours_are_thin() -> None:
    insights = [
        _insight("timing.room_hours", {"active_hours": "evenings"}, enough=False),
        _insight("timing.site_wide_hours", {"active_hours": "nights"}),
    ]
    (only,) = infer(insights)
    assert (only.key, only.value, only.insight_key) == (
        "active_hours",
        "nights",
        "timing.site_wide_hours",
    )


def test_infer_offers_nothing_when_an_insight_cites_no_evidence_or_says_varied() -> None:
    insights = [
        _insight("spending.room", {"total_tokens": 900}, cited=False),
        _insight("timing.room_hours", {"active_hours": "varied"}),
    ]
    assert infer(insights) == []


def test_suggest_skips_a_value_when_the_person_already_has_it() -> None:
    keys = [s.key for s in suggest(INSIGHTS, {"spender_tier": " Big "}, [])]
    assert "spender_tier" not in keys


def test_suggest_offers_a_new_value_with_the_current_one_when_the_data_moved() -> None:
    suggestions = {s.key: s for s in suggest(INSIGHTS, {"spender_tier": "medium"}, [])}
    assert suggestions["spender_tier"].value == "big"
    assert suggestions["spender_tier"].current_value == "medium"


def test_suggest_remembers_a_dismissal_until_the_value_changes() -> None:
    dismissed = [Dismissal(key="loyalty", value="Regular", dismissed_at=NOW)]
    assert "loyalty" not in {s.key for s in suggest(INSIGHTS, {}, dismissed)}
    moved = [_insight("loyalty.rfm", {"label": "lapsed"})]
    assert [s.value for s in suggest(moved, {}, dismissed)] == ["lapsed"]


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_spender_tier_never_drops_when_more_tokens_were_tipped(tokens: int, extra: int) -> None:
    lower, higher = spender_tier(tokens), spender_tier(tokens + extra)
    if lower is None:
        assert tokens == 0
    else:
        assert higher is not None
        assert TIER_ORDER.index(higher) >= TIER_ORDER.index(lower)


values = st.sampled_from(["big", "whale", "regular", "evenings", "nights", "member", "muscle"])


@given(
    st.lists(st.tuples(st.sampled_from(INFERENCE_KEYS), values), max_size=8),
    st.dictionaries(st.sampled_from(INFERENCE_KEYS), values, max_size=5),
)
def test_suggest_never_offers_a_dismissed_or_held_value_when_both_exist(
    dismissed: list[tuple[str, str]], held: dict[str, str]
) -> None:
    dismissals = [Dismissal(key=k, value=v, dismissed_at=NOW) for k, v in dismissed]
    for suggestion in suggest(INSIGHTS, held, dismissals):
        assert (suggestion.key, suggestion.value) not in set(dismissed)
        assert held.get(suggestion.key) != suggestion.value
        assert suggestion.evidence.items
