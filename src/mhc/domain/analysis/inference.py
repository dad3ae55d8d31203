"""Attributes inferred from insights, for the owner to accept or dismiss.

An inference is only offered when its insight had enough data and cites evidence (accepting
stores the first piece of evidence with the attribute). It is not offered again when the person
already has that value, or when the owner dismissed that very value; a new value is offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import msgspec

from mhc.domain.analysis.aggregates import Dismissal
from mhc.domain.analysis.models import Insight, SuggestedAttribute
from mhc.domain.analysis.timing import VARIED

SPENDER_TIER = "spender_tier"
LOYALTY = "loyalty"
ACTIVE_HOURS = "active_hours"
FAVOURITE_TAGS = "favourite_tags"
FAN_CLUB = "fan_club"
INFERENCE_KEYS = (SPENDER_TIER, LOYALTY, ACTIVE_HOURS, FAVOURITE_TAGS, FAN_CLUB)

# (lowest room total in tokens, tier), highest first.
SPENDER_TIERS = ((10_000, "whale"), (2_000, "big"), (500, "medium"), (1, "small"))


def spender_tier(room_tokens: int) -> str | None:
    """ "whale" from 10,000 tokens in the room, "big" from 2,000, "medium" from 500, else "small".

    None for someone who never tipped: no tier is better than a wrong one.
    """
    return next((tier for bound, tier in SPENDER_TIERS if room_tokens >= bound), None)


def _spender(insight: Insight) -> str | None:
    total = insight.facts.get("total_tokens")
    return spender_tier(total) if isinstance(total, int) else None


def _loyalty(insight: Insight) -> str | None:
    label = insight.facts.get("label")
    return label if isinstance(label, str) else None


def _active_hours(insight: Insight) -> str | None:
    label = insight.facts.get("active_hours")
    return label if isinstance(label, str) and label != VARIED else None


def _favourite_tags(insight: Insight) -> str | None:
    tags = insight.facts.get("favourite_tags")
    if isinstance(tags, list) and tags:
        return ", ".join(str(tag) for tag in tags)
    return None


def _fan_club(insight: Insight) -> str | None:
    return "member" if insight.facts.get("member") is True else None


# attribute key -> the insights it may come from (first usable wins) and how to read them.
_RULES: tuple[tuple[str, tuple[str, ...], Callable[[Insight], str | None]], ...] = (
    (SPENDER_TIER, ("spending.room",), _spender),
    (LOYALTY, ("loyalty.rfm",), _loyalty),
    (ACTIVE_HOURS, ("timing.room_hours", "timing.site_wide_hours"), _active_hours),
    (FAVOURITE_TAGS, ("tags.preferences",), _favourite_tags),
    (FAN_CLUB, ("loyalty.fan_club",), _fan_club),
)


def infer(insights: Sequence[Insight]) -> list[SuggestedAttribute]:
    """Every attribute the insights support, before existing values and dismissals are applied."""
    by_key = {insight.key: insight for insight in insights}
    inferred: list[SuggestedAttribute] = []
    for key, insight_keys, read in _RULES:
        for insight_key in insight_keys:
            insight = by_key.get(insight_key)
            if insight is None or not insight.enough_data or not insight.evidence.items:
                continue
            value = read(insight)
            if value is None:
                continue
            inferred.append(
                SuggestedAttribute(
                    key=key,
                    value=value,
                    confidence=insight.confidence,
                    reason=insight.summary,
                    insight_key=insight.key,
                    evidence=insight.evidence,
                )
            )
            break
    return inferred


def suggest(
    insights: Sequence[Insight],
    attributes: Mapping[str, str],
    dismissals: Iterable[Dismissal],
) -> tuple[SuggestedAttribute, ...]:
    """The inferences worth showing: not already held, not dismissed at this value."""
    dismissed = {(d.key, _same(d.value)) for d in dismissals}
    held = {key: _same(value) for key, value in attributes.items()}
    kept: list[SuggestedAttribute] = []
    for suggestion in infer(insights):
        value = _same(suggestion.value)
        if held.get(suggestion.key) == value or (suggestion.key, value) in dismissed:
            continue
        current = attributes.get(suggestion.key)
        kept.append(msgspec.structs.replace(suggestion, current_value=current))
    return tuple(kept)


def _same(value: str) -> str:
    """Values compare without case or surrounding space: "Big " is "big"."""
    return value.strip().casefold()
