"""Shapes shared by several controllers, and the base of every body: camelCase on the wire,
apart from the domain.

Responses are built from domain and read-model structs with `msgspec.convert(...,
from_attributes=True)`, which copies fields by name; fields whose names differ are set by hand
in the controllers and presenters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

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
# What normalize_username accepts: an optional @, letters, digits, underscores; spaces around.
Username = Annotated[
    str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^\s*@?[A-Za-z0-9_]{1,64}\s*$")
]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
Id = Annotated[int, msgspec.Meta(ge=1, le=2**63 - 1)]
MetricDelta = float | int | None


class Body(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=False):
    """Base of every body: camelCase names."""


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
