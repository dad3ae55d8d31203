"""Ports for operational records that live outside the business transaction."""

from __future__ import annotations

from typing import Protocol

from mhc.domain.models import ApiFailure, NewApiFailure


class FailureLog(Protocol):
    """The api_failures log. Writes commit on their own, so a rolled-back use case keeps them."""

    async def record(self, failure: NewApiFailure) -> None: ...

    async def recent(self, *, limit: int = 100, offset: int = 0) -> list[ApiFailure]: ...
