"""The contract drift log: what the external services sent that our contracts did not expect.

The clients, the events feed and the worker hand their findings to one DriftReporter, which
counts them per answer or batch, masks and clips their examples, logs each new difference once
and records the counts. The log keeps one row per service, endpoint, kind and subject, with how
often and when it was seen and its first example. Writes commit on their own, like the failure
log, so a rolled-back use case keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

import msgspec

from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.findings import DriftKind, DriftObservation, Finding
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


class DriftReporter(Protocol):
    """Where the findings of an answer or a batch go: counted, logged once, recorded."""

    def note(
        self,
        contract: EndpointContract,
        findings: Iterable[Finding],
        *,
        secrets: Iterable[str] = (),
    ) -> list[DriftObservation]:
        """The findings counted by kind and subject, their examples safe to keep (`secrets` and
        every secret the reporter knows masked); each difference new to the process is logged
        at WARNING once."""
        ...

    async def record(self, observations: Sequence[DriftObservation]) -> None:
        """Add noted observations to the drift log in one write; never raises, and never takes
        longer than the reporter's bound (a lost record must not hold up the caller)."""
        ...

    async def report(
        self,
        contract: EndpointContract,
        findings: Iterable[Finding],
        *,
        secrets: Iterable[str] = (),
    ) -> None:
        """`note`, then `record`: one answer's drift, as it is read."""
        ...
