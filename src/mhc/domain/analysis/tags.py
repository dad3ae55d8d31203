"""Tag preferences: which kinds of models the person spends on, from Statbate."""

from __future__ import annotations

from datetime import datetime

from mhc.domain.analysis import confidence
from mhc.domain.analysis.aggregates import StatbateTags, StatbateTopModels, TagTokens
from mhc.domain.analysis.models import STATBATE, Insight, evidence_set, not_enough_data
from mhc.domain.analysis.wording import ago, percent, plural

SHOWN = 5
FAVOURITES = 3
MODELS_MEDIUM_AT = 3
MODELS_HIGH_AT = 10


def ranked_tags(tags: StatbateTags) -> list[TagTokens]:
    """Tags with spending, most tokens first (ties by name, so the order is stable)."""
    return sorted((t for t in tags.tags if t.tokens > 0), key=lambda t: (-t.tokens, t.tag))


def tag_preferences(tags: StatbateTags | None, now: datetime) -> Insight:
    """The tags the person's tips went to, with each one's share of their tag spending."""
    if tags is None:
        return not_enough_data(
            "tags.preferences",
            "No Statbate tag spending captured yet: tag preferences unknown.",
            sources=(STATBATE,),
        )
    evidence = evidence_set([tags.snapshot.evidence], 1)
    ranked = ranked_tags(tags)
    if not ranked:
        return not_enough_data(
            "tags.preferences",
            "Statbate lists no tag spending for this person.",
            sources=(STATBATE,),
            evidence=evidence,
            facts={"captured_at": tags.snapshot.captured_at},
        )
    total = sum(t.tokens for t in ranked)
    # Tags overlap (a model carries several), so the broadest tag bounds how many models it spans.
    models = max(t.models for t in ranked)
    shown = ", ".join(f"{t.tag} ({percent(t.tokens / total)})" for t in ranked[:SHOWN])
    summary = (
        f"Spends most on models tagged {shown} (Statbate, captured "
        f"{ago(tags.snapshot.captured_at, now)})."
    )
    if models < MODELS_MEDIUM_AT:
        summary += f" Based on only {plural(models, 'model')}: a narrow sample."
    return Insight(
        key="tags.preferences",
        summary=summary,
        confidence=confidence.weakest(
            confidence.by_volume(models, medium_at=MODELS_MEDIUM_AT, high_at=MODELS_HIGH_AT),
            confidence.by_age(now - tags.snapshot.captured_at),
        ),
        enough_data=True,
        sources=(STATBATE,),
        evidence=evidence,
        facts={
            "favourite_tags": [t.tag for t in ranked[:FAVOURITES]],
            "tags": [
                {"tag": t.tag, "tokens": t.tokens, "models": t.models} for t in ranked[:SHOWN]
            ],
            "captured_at": tags.snapshot.captured_at,
        },
    )


def top_models(models: StatbateTopModels | None, now: datetime) -> Insight:
    """The models the person spends the most on, site-wide."""
    if models is None:
        return not_enough_data(
            "tags.top_models",
            "No Statbate top-models data captured yet.",
            sources=(STATBATE,),
        )
    evidence = evidence_set([models.snapshot.evidence], 1)
    ranked = sorted(models.models, key=lambda m: (-m.tokens, m.name))
    if not ranked:
        return not_enough_data(
            "tags.top_models",
            "Statbate lists no models this person tipped.",
            sources=(STATBATE,),
            evidence=evidence,
        )
    shown = ", ".join(
        f"{m.name} ({m.tokens:,} tokens" + (f" over {plural(m.days, 'day')})" if m.days else ")")
        for m in ranked[:SHOWN]
    )
    return Insight(
        key="tags.top_models",
        summary=f"Tips most on {shown} (Statbate).",
        confidence=confidence.weakest(
            confidence.by_volume(len(ranked), medium_at=MODELS_MEDIUM_AT, high_at=MODELS_HIGH_AT),
            confidence.by_age(now - models.snapshot.captured_at),
        ),
        enough_data=True,
        sources=(STATBATE,),
        evidence=evidence,
        facts={
            "models": [
                {"name": m.name, "tokens": m.tokens, "days": m.days} for m in ranked[:SHOWN]
            ],
            "captured_at": models.snapshot.captured_at,
        },
    )
