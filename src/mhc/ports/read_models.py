"""Read models: the heavy, read-only queries behind the panel's pages, each one round trip.

They return views shaped for reading (a person with their aliases, a session with its totals);
writes go through the unit of work. Excluded persons are left out of every aggregate and
list here unless a query asks for them by id or by the `excluded` filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Generic, Literal, Protocol, TypeVar

import msgspec

from mhc.domain.coverage import Coverage, ShowListening
from mhc.domain.models import (
    ApiFailure,
    Attribute,
    InteractionFilters,
    InteractionSource,
    InteractionType,
    JsonObject,
    Metrics,
    Note,
    Platform,
    Role,
    SessionStatus,
    SnapshotSource,
    StreamSession,
    Watchlist,
    WorkerHeartbeat,
)

T = TypeVar("T")

DirectorySort = Literal["lastSeen", "username", "spend", "firstSeen"]


class Page(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    items: list[T]
    total: int
    limit: int
    offset: int
    # False when counting stopped early: more than `total` match (see people_directory).
    total_is_exact: bool = True


class PersonView(msgspec.Struct, frozen=True, kw_only=True):
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


class SnapshotView(msgspec.Struct, frozen=True, kw_only=True):
    """A snapshot; `raw_payload` is only loaded when asked for (it can be large)."""

    id: int
    person_id: int
    source: SnapshotSource
    captured_at: datetime
    normalized_metrics: Metrics
    raw_payload: JsonObject | None = None


class InteractionView(msgspec.Struct, frozen=True, kw_only=True):
    """An interaction; `username` is filled in by lists that mix several persons."""

    id: int
    person_id: int
    session_id: int | None
    type: InteractionType
    content: str | None
    occurred_at: datetime
    source: InteractionSource
    metadata: JsonObject
    username: str | None = None


class RoomStats(msgspec.Struct, frozen=True, kw_only=True):
    """What a person did in the owner's room (Events API and chat-history interactions)."""

    tips_total: int
    tip_count: int
    last_tip_at: datetime | None
    messages: int
    visits: int
    last_seen_in_room_at: datetime | None


class PersonBundle(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the panel shows about one person.

    `recent_snapshots` holds the newest two snapshots of each source (newest first), enough
    for the latest figures and their deltas.
    """

    person: PersonView
    recent_snapshots: list[SnapshotView]
    interactions: list[InteractionView]
    room_stats: RoomStats
    notes: list[Note]
    attributes: list[Attribute]
    watchlists: list[Watchlist]


class DirectoryQuery(msgspec.Struct, frozen=True, kw_only=True):
    """Search and filters of the people directory.

    `q` matches any part of the username, an alias, a note or a tag, ignoring case.
    `excluded=None` hides excluded persons; True lists only them, False only the others.
    """

    q: str | None = None
    role: Role | None = None
    watchlist_id: int | None = None
    excluded: bool | None = None
    seen_since: datetime | None = None
    min_spend: int | None = None
    sort: DirectorySort = "lastSeen"
    descending: bool = True
    limit: int = 50
    offset: int = 0


class DirectoryTag(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    value: str


class DirectoryList(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str


class DirectoryEntry(PersonView, frozen=True, kw_only=True):
    """A directory row: the person, their tips, tags, lists and newest note (cut short)."""

    tips_total: int
    last_interaction_at: datetime | None
    tags: list[DirectoryTag]
    watchlists: list[DirectoryList]
    latest_note: str | None


class TopTipper(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    tokens: int


class SessionSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    platform: Platform
    broadcaster: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    duration_seconds: int
    tokens: int
    tip_count: int
    tippers: int
    top_tippers: list[TopTipper]
    new_followers: int
    unfollows: int
    chat_messages: int
    private_messages: int
    unique_visitors: int
    listening: ShowListening

    @property
    def coverage(self) -> Coverage:
        """How much of the session the panel heard: its event counts are whole only when
        this is full."""
        return self.listening.coverage


class SessionDetail(msgspec.Struct, frozen=True, kw_only=True):
    summary: SessionSummary
    interactions: Page[InteractionView]


class HudsonOverview(msgspec.Struct, frozen=True, kw_only=True):
    """The owner's page. Snapshot lists are newest first; the person is the broadcaster's."""

    broadcaster: str
    current_session: StreamSession | None
    cb_stats_snapshots: list[SnapshotView]
    statbate_model_snapshot: SnapshotView | None
    recent_tips: list[InteractionView]
    recent_interactions: list[InteractionView]
    sessions: list[SessionSummary]


class WatchlistOverview(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    is_system: bool
    member_count: int


class WatchlistMemberDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A member with the two newest snapshots of their most recently captured source.

    `online` is None when no session is live; otherwise whether the member is in the room
    (their latest interaction of the live session is not a leave).
    """

    person: PersonView
    added_at: datetime
    last_interaction_at: datetime | None
    last_snapshots: list[SnapshotView]
    online: bool | None


class Health(msgspec.Struct, frozen=True, kw_only=True):
    database_ok: bool
    heartbeat: WorkerHeartbeat | None


class WorkerJob(msgspec.Struct, frozen=True, kw_only=True):
    """A scheduled job of the workers: when it runs next and how its last run went."""

    name: str
    next_run_at: datetime
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_status: Literal["ok", "failed"] | None
    last_error: str | None
    last_worker: str | None


class ReadModels(Protocol):
    async def find_persons(
        self, usernames: Sequence[str], *, platform: Platform
    ) -> dict[str, PersonView]:
        """The persons these normalised usernames name (by username, else by current alias),
        keyed by the name asked for; unknown names are absent."""
        ...

    async def person_bundles(
        self, person_ids: Sequence[int], *, interactions_limit: int
    ) -> list[PersonBundle]:
        """Bundles of the persons that exist, in the order of `person_ids`."""
        ...

    async def people_directory(self, query: DirectoryQuery) -> Page[DirectoryEntry]: ...

    async def snapshot_timeline(
        self,
        person_id: int,
        *,
        source: SnapshotSource | None,
        include_raw: bool,
        limit: int,
        offset: int,
    ) -> Page[SnapshotView] | None:
        """Oldest first; None when the person does not exist."""
        ...

    async def person_interactions(
        self, person_id: int, filters: InteractionFilters
    ) -> Page[InteractionView] | None:
        """None when the person does not exist."""
        ...

    async def session_summaries(
        self, broadcaster: str, *, limit: int, offset: int
    ) -> Page[SessionSummary]:
        """Newest first."""
        ...

    async def session_detail(
        self,
        session_id: int,
        *,
        types: Sequence[InteractionType],
        limit: int,
        offset: int,
    ) -> SessionDetail | None: ...

    async def hudson_overview(
        self, broadcaster: str, *, recent_limit: int, session_limit: int
    ) -> HudsonOverview: ...

    async def watchlists(self) -> list[WatchlistOverview]: ...

    async def watchlist_members(
        self, watchlist_id: int, *, broadcaster: str, limit: int, offset: int
    ) -> Page[WatchlistMemberDetail] | None:
        """None when the watchlist does not exist; `online` is about `broadcaster`'s room."""
        ...

    async def failures(self, *, limit: int, offset: int) -> Page[ApiFailure]:
        """Newest first."""
        ...

    async def health(self) -> Health:
        """Never raises: a database that cannot answer is reported as down."""
        ...

    async def worker_jobs(self) -> list[WorkerJob]:
        """Every job a worker has scheduled, by name."""
        ...
