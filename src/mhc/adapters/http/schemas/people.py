"""Bodies of the directory, a person's page, timelines, aliases, notes and attributes
(controllers/people.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    NO_NUL,
    NOT_BLANK,
    Body,
    Id,
    InteractionOut,
    PageMeta,
    PersonOut,
    SnapshotOut,
    Username,
    cross_field_rule,
)
from mhc.domain.models import (
    Confidence,
    EvidenceType,
    Role,
)


class DirectoryTagOut(Body):
    key: str
    value: str


class DirectoryListOut(Body):
    id: int
    name: str


class DirectoryPersonOut(PersonOut):
    tips_total: int
    last_interaction_at: datetime | None
    tags: list[DirectoryTagOut]
    watchlists: list[DirectoryListOut]
    latest_note: str | None


class DirectoryPage(PageMeta):
    items: list[DirectoryPersonOut]
    # False: more than `total` persons match (a filter's matches are counted up to a thousand
    # past the offset, so a page of a broad filter costs the same in any database).
    total_is_exact: bool


class OpenPersonRequest(Body):
    username: Username
    role: Role | None = None


class OpenedPersonOut(Body):
    """`created`: the name was new to the panel and is a person now."""

    id: int
    username: str
    created: bool


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
    """Trimmed when stored; blank content is refused."""

    content: Annotated[str, msgspec.Meta(min_length=1, max_length=10_000, pattern=NOT_BLANK)]


@cross_field_rule(
    **{
        "if": {
            "required": ["evidenceType"],
            "properties": {"evidenceType": {"enum": ["interaction", "snapshot"]}},
        },
        "then": {"required": ["evidenceId"], "properties": {"evidenceId": {"type": "integer"}}},
    }
)
class AttributeIn(Body):
    """Key and value are trimmed when stored; evidence other than `manual` needs its
    `evidenceId`."""

    key: Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NOT_BLANK)]
    value: Annotated[str, msgspec.Meta(max_length=1_000, pattern=NO_NUL)]
    confidence: Confidence = Confidence.HIGH
    evidence_type: EvidenceType = EvidenceType.MANUAL
    evidence_id: Id | None = None


class AttributesRequest(Body):
    attributes: Annotated[list[AttributeIn], msgspec.Meta(max_length=500)]
