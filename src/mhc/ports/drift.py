"""The contract drift log: what the external services sent that our contracts did not expect.

Clients and the worker record observations (already counted per answer or batch, examples
masked and clipped); the log keeps one row per service, endpoint, kind and subject, with how
often and when it was seen and its first example. Writes commit on their own, like the failure
log, so a rolled-back use case keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import msgspec

from mhc.domain.contracts.findings import DriftKind, DriftObservation
from mhc.ports.read_models import Page


class DriftEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    service: str
    endpoint: str
    kind: DriftKind
    subject: str
    detail: str
    count: int
    first_seen_at: datetime
    last_seen_at: datetime
    example: Any


class DriftRecorder(Protocol):
    async def record(self, observations: Sequence[DriftObservation]) -> None:
        """Add the observations' counts, creating the rows seen for the first time."""
        ...


class DriftLog(DriftRecorder, Protocol):
    async def entries(self, *, limit: int = 50, offset: int = 0) -> Page[DriftEntry]:
        """The drift seen, most recently seen first."""
        ...
