from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import (
    ModelTokens,
    SnapshotRef,
    StatbateTags,
    StatbateTopModels,
    TagTokens,
)
from mhc.domain.analysis.models import Evidence
from mhc.domain.analysis.tags import ranked_tags, tag_preferences, top_models
from mhc.domain.models import Confidence, EvidenceType

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)


def _ref(days_old: int = 1) -> SnapshotRef:
    return SnapshotRef(
        evidence=Evidence(type=EvidenceType.SNAPSHOT, id=31, source="statbate_member"),
        captured_at=NOW - timedelta(days=days_old),
    )


def _tags(*rows: tuple[str, int, int], days_old: int = 1) -> StatbateTags:
    return StatbateTags(
        snapshot=_ref(days_old),
        tags=tuple(TagTokens(tag=t, tokens=tokens, models=m) for t, tokens, m in rows),
    )


def test_tag_preferences_says_not_captured_when_statbate_tag_spending_is_missing() -> None:
    insight = tag_preferences(None, NOW)
    assert insight.summary == "No Statbate tag spending captured yet: tag preferences unknown."
    assert insight.confidence == Confidence.LOW
    assert not insight.enough_data


def test_tag_preferences_ranks_tags_with_shares_when_spending_is_known() -> None:
    insight = tag_preferences(
        _tags(("bear", 200, 4), ("muscle", 600, 12), ("daddy", 200, 3), ("feet", 0, 1)), NOW
    )
    assert insight.facts["favourite_tags"] == ["muscle", "bear", "daddy"]
    assert insight.summary.startswith(
        "Spends most on models tagged muscle (60%), bear (20%), daddy (20%)"
    )
    assert insight.confidence == Confidence.HIGH
    assert insight.evidence.items == (_ref().evidence,)


def test_tag_preferences_calls_the_sample_narrow_when_only_a_couple_of_models() -> None:
    insight = tag_preferences(_tags(("twink", 300, 2)), NOW)
    assert "Based on only 2 models: a narrow sample." in insight.summary
    assert insight.confidence == Confidence.LOW


def test_tag_preferences_trusts_a_stale_snapshot_less_when_captured_long_ago() -> None:
    insight = tag_preferences(_tags(("muscle", 600, 12), days_old=40), NOW)
    assert insight.confidence == Confidence.LOW


def test_tag_preferences_says_none_listed_when_statbate_returned_no_spending() -> None:
    insight = tag_preferences(_tags(("feet", 0, 1)), NOW)
    assert insight.summary == "Statbate lists no tag spending for this person."


@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=8), st.integers(0, 10_000), st.integers(0, 50)))
)
def test_favourite_tags_are_the_top_spenders_in_order_when_ranked(
    rows: list[tuple[str, int, int]],
) -> None:
    tags = _tags(*rows)
    ranked = ranked_tags(tags)
    insight = tag_preferences(tags, NOW)
    favourites = insight.facts.get("favourite_tags", [])
    assert len(favourites) <= 3
    assert favourites == [t.tag for t in ranked[:3]]
    assert all(t.tokens > 0 for t in ranked)
    assert all(a.tokens >= b.tokens for a, b in itertools.pairwise(ranked))


def test_top_models_lists_the_biggest_first_when_statbate_knows_them() -> None:
    models = StatbateTopModels(
        snapshot=_ref(),
        models=(
            ModelTokens(name="hudson_cage", tokens=900, days=12),
            ModelTokens(name="other_model_1", tokens=4_000, days=None),
            ModelTokens(name="other_model_2", tokens=50, days=1),
        ),
    )
    insight = top_models(models, NOW)
    assert insight.summary == (
        "Tips most on other_model_1 (4,000 tokens), hudson_cage (900 tokens over 12 days), "
        "other_model_2 (50 tokens over 1 day) (Statbate)."
    )
    assert insight.confidence == Confidence.MEDIUM


def test_top_models_says_not_captured_when_missing() -> None:
    assert top_models(None, NOW).summary == "No Statbate top-models data captured yet."
