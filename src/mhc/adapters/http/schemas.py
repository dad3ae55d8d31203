"""Request and response bodies of the HTTP API: camelCase on the wire, apart from the domain.

Responses are built from domain and read-model structs with `msgspec.convert(...,
from_attributes=True)`, which copies fields by name; fields whose names differ are set by hand
in the controllers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from mhc.domain.backfills import BackfillKind, BackfillOrigin, BackfillStatus
from mhc.domain.contracts.findings import DriftKind
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


# ---- Shapes shared by many routes --------------------------------------------------------


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


class FailureOut(Body):
    id: int
    service: str
    endpoint: str
    status: int | None
    message: str
    occurred_at: datetime


# ---- Pages (one concrete class each, so the OpenAPI names stay plain) --------------------


class PageMeta(Body):
    total: int
    limit: int
    offset: int


class DirectoryPersonOut(PersonOut):
    tips_total: int
    last_interaction_at: datetime | None


class DirectoryPage(PageMeta):
    items: list[DirectoryPersonOut]


class SnapshotPage(PageMeta):
    items: list[SnapshotOut]


class InteractionPage(PageMeta):
    items: list[InteractionOut]


class RoomInteractionPage(PageMeta):
    items: list[RoomInteractionOut]


class SessionSummaryPage(PageMeta):
    items: list[SessionSummaryOut]


class FailurePage(PageMeta):
    items: list[FailureOut]


# ---- Lookup and people ------------------------------------------------------------------


class LookupRequest(Body):
    """`username` may be empty (or left out) when `pastedText` names the people."""

    username: (
        Annotated[str, msgspec.Meta(max_length=100, pattern=r"^\s*(@?[A-Za-z0-9_]{1,64})?\s*$")]
        | None
    ) = None
    role: Role | None = None
    pasted_text: Annotated[str, msgspec.Meta(max_length=500_000)] | None = None
    include_statbate: bool = False
    include_my_room_data: bool = True


class PersonDetailOut(Body):
    person: PersonOut
    latest_snapshots: list[SnapshotOut]
    deltas: list[DeltaOut]
    room_stats: RoomStatsOut | None
    notes: list[NoteOut]
    attributes: list[AttributeOut]
    watchlists: list[WatchlistRefOut]


class LookupResultOut(PersonDetailOut):
    interactions: list[InteractionOut]


class LookupFailureOut(Body):
    service: str
    message: str


class LookupResponse(Body):
    people: list[LookupResultOut]
    excluded: list[str]
    failures: list[LookupFailureOut]


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


# ---- Sessions ---------------------------------------------------------------------------


class SessionEndRequest(Body):
    session_id: Id | None = None


class CurrentSessionOut(Body):
    session: SessionOut | None


class SessionDetailOut(Body):
    summary: SessionSummaryOut
    interactions: RoomInteractionPage


# ---- Owner's page -----------------------------------------------------------------------


class CbStatsOut(Body):
    source: Literal["chaturbate"]
    captured_at: datetime
    metrics: dict[str, Any]
    deltas: dict[str, MetricDelta]


class StatbateModelOut(Body):
    source: Literal["statbate"]
    captured_at: datetime
    metrics: dict[str, Any]


class FollowersOut(Body):
    count: int
    delta: int | None
    source: Literal["chaturbate"]
    captured_at: datetime


class HudsonOut(Body):
    broadcaster: str
    live: bool
    current_session: SessionOut | None
    cb_stats: CbStatsOut | None
    statbate_model: StatbateModelOut | None
    followers: FollowersOut | None
    recent_tips: list[RoomInteractionOut]
    recent_interactions: list[RoomInteractionOut]
    sessions: list[SessionSummaryOut]


# ---- Watchlists -------------------------------------------------------------------------


class WatchlistOut(WatchlistRefOut):
    member_count: int


class WatchlistRequest(Body):
    name: Name


class WatchlistMemberOut(Body):
    person: PersonOut
    added_at: datetime
    last_interaction_at: datetime | None
    last_delta: DeltaOut | None
    online: bool | None


class WatchlistMemberPage(PageMeta):
    items: list[WatchlistMemberOut]


class MemberRequest(Body):
    """Who to add: an existing person's id, or a username (found or created)."""

    person_id: Id | None = None
    username: Username | None = None


class MemberAddedOut(Body):
    person: PersonOut
    added_at: datetime


# ---- Operations -------------------------------------------------------------------------


class WorkerOut(Body):
    last_poll_at: datetime | None
    last_event_at: datetime | None
    lag_seconds: float | None
    last_error: str | None
    stale: bool


class HealthOut(Body):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "down"]
    worker: WorkerOut | None
    version: str


# ---- Authentication ---------------------------------------------------------------------


class LoginRequest(Body):
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    totp_code: Annotated[str, msgspec.Meta(max_length=16)] | None = None


class LoginOut(Body):
    csrf_token: str
    totp_enabled: bool


class MeOut(Body):
    """`csrfToken` is null when the request came with an API key (no cookie, no CSRF)."""

    authenticated: bool
    csrf_token: str | None
    totp_enabled: bool


class ApiKeyOut(Body):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyRequest(Body):
    name: Name


class ApiKeyCreatedOut(Body):
    """The new key; `key` is shown this once and never again."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    key: str


class TotpSetupOut(Body):
    secret: str
    uri: str


class TotpCodeRequest(Body):
    code: Annotated[str, msgspec.Meta(max_length=16)]


class TotpStatusOut(Body):
    totp_enabled: bool


# ---- Operations: the workers' scheduled jobs ----------------------------------------------


class JobOut(Body):
    name: str
    next_run_at: datetime
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_status: Literal["ok", "failed"] | None
    last_error: str | None
    last_worker: str | None


# ---- Export and erasure -----------------------------------------------------------------


class ExportedPersonOut(Body):
    id: int
    username: str


class ExportDocumentOut(Body):
    """The JSON export: `tables` maps each table to its rows, keyed by column name as stored
    (snake_case, like the CSV headers). Never credentials."""

    exported_at: datetime
    broadcaster: str
    schema_version: str | None
    scope: Literal["all", "person"]
    person: ExportedPersonOut | None
    tables: dict[str, list[dict[str, Any]]]


class ErasureOut(Body):
    """One audited erasure. The name itself is forgotten; `usernameSha256` is the SHA-256 (hex)
    of the normalised username, `counts` the rows deleted per table."""

    id: int
    erased_at: datetime
    actor: str
    reason: str | None
    person_id: int
    username_sha256: str
    counts: dict[str, int]


class ErasurePage(PageMeta):
    items: list[ErasureOut]


# ---- Backfills --------------------------------------------------------------------------


class StartBackfillRequest(Body):
    """Snapshots take `usernames` or `watchlistId`; the tip history takes an optional date
    range (`until` included) and no names; a chat import is of the owner's room (or of the one
    name given), optionally within dates."""

    kind: BackfillKind
    usernames: Annotated[list[Username], msgspec.Meta(min_length=1, max_length=1000)] | None = None
    watchlist_id: Id | None = None
    since: date | None = None
    until: date | None = None


class BackfillOut(Body):
    """A backfill and how far it got: `done` units succeeded and `failed` did not, out of
    `total` (null while unknown) `unit`s; `summary` counts outcomes (captured, stored...)."""

    id: int
    kind: BackfillKind
    label: str
    status: BackfillStatus
    origin: BackfillOrigin
    unit: str
    total: int | None
    done: int
    failed: int
    summary: dict[str, int]
    last_error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    # Set once the owner cancelled a running backfill here; its process stops at its next
    # chunk and ends it as cancelled.
    cancel_requested_at: datetime | None


class BackfillPage(PageMeta):
    items: list[BackfillOut]


# ---- Contract drift ---------------------------------------------------------------------


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
