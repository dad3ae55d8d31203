"""The shared rule that turns how much data backs an insight into a confidence."""

from __future__ import annotations

from datetime import timedelta

from mhc.domain.models import Confidence

_ORDER = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)

# Statbate numbers are a picture of one moment; older pictures say less about today.
FRESH_SNAPSHOT = timedelta(days=7)
STALE_SNAPSHOT = timedelta(days=30)


def by_volume(count: int, *, medium_at: int, high_at: int) -> Confidence:
    """LOW below `medium_at` observations, MEDIUM below `high_at`, HIGH from there on."""
    if not 0 < medium_at <= high_at:
        raise ValueError(
            f"thresholds must satisfy 0 < medium_at <= high_at: {medium_at}, {high_at}"
        )
    if count >= high_at:
        return Confidence.HIGH
    if count >= medium_at:
        return Confidence.MEDIUM
    return Confidence.LOW


def by_age(age: timedelta) -> Confidence:
    """HIGH for a snapshot under a week old, MEDIUM under a month, LOW beyond."""
    if age < FRESH_SNAPSHOT:
        return Confidence.HIGH
    if age < STALE_SNAPSHOT:
        return Confidence.MEDIUM
    return Confidence.LOW


def weakest(first: Confidence, *others: Confidence) -> Confidence:
    """The lowest of the confidences: a conclusion is only as sure as its weakest input."""
    return min((first, *others), key=_ORDER.index)
