"""Deltas between two snapshots' metrics: computed on read, never stored."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Protocol, TypeGuard

import msgspec

from mhc.domain.models import Metrics, Snapshot, SnapshotSource

Delta = float | int | None

# Statbate's `did` (donor id) and `rid` (room id) are numbers that name someone: a change of
# one is a different account, never "+3". Any `id` or `*_id` key is read the same way.
_IDENTIFIER = re.compile(r"(^|[._])[rd]?id$", re.IGNORECASE)


def is_identifier(key: str) -> bool:
    """Whether a metric key names an identifier rather than a quantity."""
    return _IDENTIFIER.search(key) is not None


class SnapshotDelta(msgspec.Struct, frozen=True, kw_only=True):
    """The newest snapshot of a person and source, the one before it, and what changed.

    With a single snapshot, `older` is None and every key of `newer` maps to None: there is
    nothing to compare against, and a zero would claim "no change".
    """

    person_id: int
    source: SnapshotSource
    newer: Snapshot
    older: Snapshot | None
    deltas: dict[str, Delta]


def compute_deltas(old: Metrics, new: Metrics) -> dict[str, Delta]:
    """For every key in either: `new - old` when both are numbers, else None.

    Identifiers (`did`, `rid`, `*_id`) are numbers without a quantity: always None.
    """
    deltas: dict[str, Delta] = {}
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if _is_number(before) and _is_number(after) and not is_identifier(key):
            deltas[key] = after - before
        else:
            deltas[key] = None
    return deltas


def _is_number(value: object) -> TypeGuard[int | float]:
    # bool is an int subclass, but a flag that flips is not a quantity that changed by 1.
    return isinstance(value, int | float) and not isinstance(value, bool)


class CapturedMetrics(Protocol):
    """What a delta needs of a snapshot, whichever struct carries it."""

    @property
    def source(self) -> SnapshotSource: ...

    @property
    def captured_at(self) -> datetime: ...

    @property
    def normalized_metrics(self) -> Metrics: ...


class SnapshotDeltaView(msgspec.Struct, frozen=True, kw_only=True):
    """What changed between the two newest snapshots of one source (all None with only one)."""

    source: SnapshotSource
    newer_captured_at: datetime
    older_captured_at: datetime | None
    deltas: dict[str, Delta]


def snapshot_deltas(recent: Sequence[CapturedMetrics]) -> list[SnapshotDeltaView]:
    """One delta per source from snapshots grouped by source, newest first within a source."""
    result: list[SnapshotDeltaView] = []
    for source, group in groupby(recent, key=lambda snapshot: snapshot.source):
        newer, *rest = group
        older = rest[0] if rest else None
        result.append(
            SnapshotDeltaView(
                source=source,
                newer_captured_at=newer.captured_at,
                older_captured_at=older.captured_at if older else None,
                deltas=compute_deltas(
                    older.normalized_metrics if older else {}, newer.normalized_metrics
                ),
            )
        )
    return result
