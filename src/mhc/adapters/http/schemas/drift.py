"""Bodies of the contract-drift route (controllers/drift.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mhc.adapters.http.schemas.common import (
    Body,
    PageMeta,
)
from mhc.domain.contracts.findings import DriftKind


class DriftOut(Body):
    """What an external service sent that our reading of its contract did not expect.

    `subject` says where (a JSON path such as `$.events[].object.user.age`,
    a method name, `HTTP 418`); `count` how often it was seen; `example` the first answer or
    event it was seen in, secrets masked and cut to about 2 KB.
    """

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


class DriftPage(PageMeta):
    items: list[DriftOut]
