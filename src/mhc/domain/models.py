"""Entities and value objects of the panel (frozen msgspec structs and string enums)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import msgspec

JsonObject = dict[str, Any]
Metrics = dict[str, Any]


class Platform(enum.StrEnum):
    CHATURBATE = "chaturbate"


class Role(enum.StrEnum):
    MODEL = "MODEL"
    VIEWER = "VIEWER"
    BOTH = "BOTH"
    UNKNOWN = "UNKNOWN"


class SnapshotSource(enum.StrEnum):
    STATBATE_MEMBER = "statbate_member"
    # Tag spending, top models and tipping activity of a member (Statbate profile parts).
    STATBATE_PROFILE = "statbate_profile"
    STATBATE_MODEL = "statbate_model"
    CB_STATS = "cb_stats"
    MANUAL = "manual"


class InteractionType(enum.StrEnum):
    CHAT_MESSAGE = "CHAT_MESSAGE"
    # A message sent inside a room during a show (Events API or pasted).
    PRIVATE_MESSAGE = "PRIVATE_MESSAGE"
    # Site mail outside any show: pasted or entered by the owner.
    DIRECT_MESSAGE = "DIRECT_MESSAGE"
    TIP = "TIP"
    FOLLOW = "FOLLOW"
    UNFOLLOW = "UNFOLLOW"
    FANCLUB_JOIN = "FANCLUB_JOIN"
    MEDIA_PURCHASE = "MEDIA_PURCHASE"
    USER_ENTER = "USER_ENTER"
    USER_LEAVE = "USER_LEAVE"
    ROOM_SUBJECT_CHANGE = "ROOM_SUBJECT_CHANGE"
    BROADCAST_START = "BROADCAST_START"
    BROADCAST_STOP = "BROADCAST_STOP"
    PROFILE_PASTE = "PROFILE_PASTE"
    CHAT_IMPORT = "CHAT_IMPORT"
    MANUAL_NOTE = "MANUAL_NOTE"
    # A model's tip menu as seen in a pasted chat (items and prices in the metadata).
    TIP_MENU = "TIP_MENU"
    UNKNOWN_EVENT = "UNKNOWN_EVENT"


class InteractionSource(enum.StrEnum):
    CB_EVENTS = "cb_events"
    # The Statbate Premium API: the room's tip history, backfilled.
    STATBATE = "statbate"
    STATBATE_PLUS = "statbate_plus"
    MANUAL = "manual"
    LOOKUP = "lookup"
    # Chat, PMs, DMs and tips the owner pasted and saved.
    PASTE = "paste"


class SessionStatus(enum.StrEnum):
    LIVE = "LIVE"
    ENDED = "ENDED"


class Confidence(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class EvidenceType(enum.StrEnum):
    SNAPSHOT = "snapshot"
    INTERACTION = "interaction"
    MANUAL = "manual"


class Person(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    username: str
    platform: Platform
    role: Role
    rid: int | None
    did: int | None
    first_seen_at: datetime
    last_seen_at: datetime
    is_excluded: bool
    created_at: datetime
    updated_at: datetime


class Alias(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    person_id: int
    alias: str
    platform: Platform
    valid_from: datetime
    valid_to: datetime | None


class Snapshot(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    person_id: int
    source: SnapshotSource
    captured_at: datetime
    raw_payload: JsonObject
    normalized_metrics: Metrics


class NewInteraction(msgspec.Struct, frozen=True, kw_only=True):
    """An interaction about to be stored; `source_event_id` makes re-delivery harmless."""

    person_id: int
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    metadata: JsonObject = msgspec.field(default_factory=dict)
    stream_session_id: int | None = None
    source_event_id: str | None = None


class Interaction(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    person_id: int
    stream_session_id: int | None
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    metadata: JsonObject
    source_event_id: str | None
    created_at: datetime


class InteractionFilters(msgspec.Struct, frozen=True, kw_only=True):
    """Filters and paging of an interaction history; every field is optional.

    The time range is half-open: an interaction at `since` is included, one at `until` is
    not (since <= occurred_at < until), so consecutive ranges never count a row twice.
    Empty `types` or `sources` mean any.
    """

    types: tuple[InteractionType, ...] = ()
    sources: tuple[InteractionSource, ...] = ()
    # Inclusive start.
    since: datetime | None = None
    # Exclusive end.
    until: datetime | None = None
    session_id: int | None = None
    newest_first: bool = True
    limit: int = 50
    offset: int = 0


class StreamSession(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    platform: Platform
    broadcaster: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus


class Note(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    person_id: int
    content: str
    created_at: datetime
    updated_at: datetime


class Attribute(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    person_id: int
    key: str
    value: str
    confidence: Confidence
    evidence_type: EvidenceType
    evidence_id: int | None
    created_at: datetime
    updated_at: datetime


class Watchlist(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    is_system: bool
    created_at: datetime


class WatchlistMember(msgspec.Struct, frozen=True, kw_only=True):
    watchlist_id: int
    person_id: int
    added_at: datetime


class ApiFailure(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    service: str
    endpoint: str
    status: int | None
    message: str
    occurred_at: datetime


class NewApiFailure(msgspec.Struct, frozen=True, kw_only=True):
    service: str
    endpoint: str
    status: int | None
    message: str


class WorkerHeartbeat(msgspec.Struct, frozen=True, kw_only=True):
    worker_id: str
    broadcaster: str
    last_poll_at: datetime | None
    last_event_at: datetime | None
    lag_seconds: float | None
    last_error: str | None
    updated_at: datetime
