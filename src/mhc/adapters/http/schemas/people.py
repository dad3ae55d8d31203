"""Bodies of the directory, a person's page, timelines, aliases, notes and attributes
(controllers/people.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    NO_NUL,
    Body,
    Id,
    InteractionOut,
    PageMeta,
    PersonOut,
    SnapshotOut,
    Username,
)
from mhc.domain.models import (
    Confidence,
    EvidenceType,
)


class DirectoryPersonOut(PersonOut):
    tips_total: int
    last_interaction_at: datetime | None


class DirectoryPage(PageMeta):
    items: list[DirectoryPersonOut]


class SnapshotPage(PageMeta):
    items: list[SnapshotOut]


class InteractionPage(PageMeta):
    items: list[InteractionOut]


class AliasOut(Body):
    alias: str
    valid_from: datetime
    valid_to: datetime | None


class AliasRequest(Body):
    alias: Username


class NoteRequest(Body):
    content: Annotated[str, msgspec.Meta(max_length=20_000, pattern=NO_NUL)]


class AttributeIn(Body):
    key: Annotated[str, msgspec.Meta(max_length=200, pattern=NO_NUL)]
    value: Annotated[str, msgspec.Meta(max_length=5_000, pattern=NO_NUL)]
    confidence: Confidence = Confidence.HIGH
    evidence_type: EvidenceType = EvidenceType.MANUAL
    evidence_id: Id | None = None


class AttributesRequest(Body):
    attributes: Annotated[list[AttributeIn], msgspec.Meta(max_length=500)]
