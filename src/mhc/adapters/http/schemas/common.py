"""Shapes shared by several controllers, and the base of every body: camelCase on the wire,
apart from the domain.

Responses are built from domain and read-model structs with `msgspec.convert(...,
from_attributes=True)`, which copies fields by name; fields whose names differ are set by hand
in the controllers and presenters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import msgspec

from mhc.domain.coverage import CoverageState
from mhc.domain.models import (
    Confidence,
    EvidenceType,
    InteractionSource,
    InteractionType,
    Platform,
    Role,
    SessionStatus,
    SnapshotSource,
)

# PostgreSQL text cannot hold NUL characters: refused here rather than by the database.
NO_NUL = r"^[^\x00]*$"
# Text the use cases trim and then refuse when empty: at least one character that is not
# whitespace (Python's and the schema's `\s` agree with `str.strip()`), and no NUL.
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
# What a refusal by pattern says instead of the pattern itself (see problems.py).
PATTERN_MESSAGES: dict[str, str] = {NOT_BLANK: "cannot be empty", NO_NUL: "cannot hold NUL"}
# The largest id a bigint column holds.
MAX_ID = 2**63 - 1
# What normalize_username accepts: an optional @, letters, digits, underscores; spaces around.
USERNAME_PATTERN = r"^\s*@?[A-Za-z0-9_]{1,64}\s*$"
Username = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=USERNAME_PATTERN)]
# The schema of a Username, for where Litestar leaves an item's constraints out (lists).
USERNAME_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": USERNAME_PATTERN}
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NOT_BLANK)]
Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
# One numeric type: an integer delta is a JSON number too (int | float would make the
# schema a oneOf that no integer satisfies, since it is both).
MetricDelta = float | None


class Body(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=False):
    """Base of every body: camelCase names."""


# Rules across the fields of a request body, which field types cannot state: JSON Schema
# keywords added to the body's schema component (see `openapi.py`). The use cases enforce them
# and answer 400 with a problem naming the field.
CROSS_FIELD_RULES: dict[str, dict[str, Any]] = {}
B = TypeVar("B", bound=type[Body])


def cross_field_rule(**keywords: Any) -> Callable[[B], B]:
    """Declare `keywords` (JSON Schema, wire names) on the decorated body's schema."""

    def declare(body: B) -> B:
        CROSS_FIELD_RULES[body.__name__] = keywords
        return body

    return declare


class PersonOut(Body):
    id: int
    username: str
    platform: Platform
    role: Role
    rid: int | None
    did: int | None
    first_seen_at: datetime
    last_seen_at: datetime
    is_excluded: bool
    aliases: list[str]


class SnapshotOut(Body, omit_defaults=True):
    id: int
    person_id: int
    source: SnapshotSource
    captured_at: datetime
    normalized_metrics: dict[str, Any]
    raw_payload: dict[str, Any] | None = None


class DeltaOut(Body):
    source: SnapshotSource
    newer_captured_at: datetime
    older_captured_at: datetime | None
    deltas: dict[str, MetricDelta]


class InteractionOut(Body):
    id: int
    person_id: int
    session_id: int | None
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    metadata: dict[str, Any]


class RoomInteractionOut(InteractionOut):
    """An interaction in a list that mixes persons, with the person's username."""

    username: str


class RoomStatsOut(Body):
    tips_total: int
    tip_count: int
    last_tip_at: datetime | None
    messages: int
    visits: int
    last_seen_in_room_at: datetime | None


class NoteOut(Body):
    id: int
    person_id: int
    content: str
    created_at: datetime
    updated_at: datetime


class AttributeOut(Body):
    key: str
    value: str
    confidence: Confidence
    evidence_type: EvidenceType
    evidence_id: int | None
    updated_at: datetime


class WatchlistRefOut(Body):
    id: int
    name: str
    is_system: bool


class SessionOut(Body):
    id: int
    broadcaster: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus


class TopTipperOut(Body):
    person_id: int
    username: str
    tokens: int


class GapOut(Body):
    started_at: datetime
    ended_at: datetime


class CoverageOut(Body):
    """How much of a session the panel heard. `full`: every count is whole. `partial`: the
    worker was not listening during `gaps`, so counts are lower bounds. `unknown`: the session
    began before the panel recorded when it was listening."""

    state: CoverageState
    gaps: list[GapOut]


class SessionSummaryOut(SessionOut):
    duration_seconds: int
    tokens: int
    tip_count: int
    tippers: int
    top_tippers: list[TopTipperOut]
    new_followers: int
    unfollows: int
    chat_messages: int
    private_messages: int
    unique_visitors: int
    coverage: CoverageOut


class PageMeta(Body):
    total: int
    limit: int
    offset: int


class PersonDetailOut(Body):
    person: PersonOut
    latest_snapshots: list[SnapshotOut]
    deltas: list[DeltaOut]
    room_stats: RoomStatsOut | None
    notes: list[NoteOut]
    attributes: list[AttributeOut]
    watchlists: list[WatchlistRefOut]
