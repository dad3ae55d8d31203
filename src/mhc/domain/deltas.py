"""Deltas between two snapshots' metrics: computed on read, never stored."""

from __future__ import annotations

from typing import TypeGuard

import msgspec

from mhc.domain.models import Metrics, Snapshot, SnapshotSource

Delta = float | int | None


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
    """For every key in either: `new - old` when both are numbers, else None."""
    deltas: dict[str, Delta] = {}
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if _is_number(before) and _is_number(after):
            deltas[key] = after - before
        else:
            deltas[key] = None
    return deltas


def _is_number(value: object) -> TypeGuard[int | float]:
    # bool is an int subclass, but a flag that flips is not a quantity that changed by 1.
    return isinstance(value, int | float) and not isinstance(value, bool)
