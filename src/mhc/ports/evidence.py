"""The port evidence links read through: one stored interaction or snapshot, by id.

An analysis cites rows by id; the panel opens them from there. Asking by id is explicit, so an
excluded person's row is returned like any other.
"""

from __future__ import annotations

from typing import Protocol

from mhc.ports.read_models import InteractionView, SnapshotView


class EvidenceReader(Protocol):
    async def interaction(self, interaction_id: int) -> InteractionView | None:
        """The interaction with its person's username; None when there is no such id."""
        ...

    async def snapshot(self, snapshot_id: int, *, include_raw: bool) -> SnapshotView | None:
        """The snapshot, with its raw payload only when `include_raw`; None when unknown."""
        ...
