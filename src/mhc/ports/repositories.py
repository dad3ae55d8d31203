"""Repository ports: how the core reads and writes its own data.

Every repository method runs inside the transaction of the unit of work that owns it.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from mhc.domain.models import (
    Alias,
    Attribute,
    Confidence,
    EvidenceType,
    Interaction,
    InteractionFilters,
    JsonObject,
    Metrics,
    NewInteraction,
    Note,
    Person,
    Platform,
    Role,
    Snapshot,
    SnapshotSource,
    StreamSession,
    Watchlist,
    WatchlistMember,
)


class PersonRepository(Protocol):
    async def get(self, person_id: int) -> Person | None: ...

    async def find_by_username(self, username: str, platform: Platform) -> Person | None:
        """Match `username` (already normalised) against usernames and aliases."""
        ...

    async def insert(
        self,
        *,
        username: str,
        platform: Platform,
        role: Role,
        is_excluded: bool,
        seen_at: datetime,
    ) -> Person:
        """Insert a new person; raises Conflict if the username is already taken."""
        ...

    async def touch(self, person_id: int, *, role: Role, seen_at: datetime) -> Person:
        """Set the role and move last_seen_at forward (never backward)."""
        ...

    async def lock(self, usernames: Sequence[str], platform: Platform) -> None:
        """Hold, until the transaction ends, the persons these names are (usernames or current
        aliases), taken in the order of their ids: as the worker's batches take theirs, so that
        a transaction that then touches them one at a time cannot deadlock with a batch."""
        ...

    async def set_external_ids(
        self, person_id: int, *, rid: int | None = None, did: int | None = None
    ) -> None: ...

    async def add_alias(self, person_id: int, alias: str, platform: Platform) -> Alias:
        """Add an alias; raises Conflict when the name belongs to someone already."""
        ...

    async def list_aliases(self, person_id: int) -> list[Alias]: ...


class SnapshotRepository(Protocol):
    async def add(
        self,
        *,
        person_id: int,
        source: SnapshotSource,
        raw_payload: JsonObject,
        normalized_metrics: Metrics,
        captured_at: datetime,
    ) -> Snapshot: ...

    async def latest(
        self, person_id: int, source: SnapshotSource, count: int = 1
    ) -> list[Snapshot]:
        """The newest `count` snapshots of one person and source, newest first."""
        ...

    async def timeline(
        self,
        person_id: int,
        source: SnapshotSource | None = None,
        *,
        limit: int = 500,
        offset: int = 0,
    ) -> list[Snapshot]:
        """Snapshots oldest first, optionally of one source."""
        ...


class InteractionRepository(Protocol):
    async def add(self, interaction: NewInteraction) -> Interaction | None:
        """Store one interaction; None when its source event id was stored before."""
        ...

    async def add_many(self, interactions: Sequence[NewInteraction]) -> int:
        """Store a batch in one statement; returns how many were new."""
        ...

    async def by_person(self, person_id: int, filters: InteractionFilters) -> list[Interaction]:
        """Filtered page; `since` and `until` are inclusive; ordered by (occurred_at, id)."""
        ...

    async def count_by_person(self, person_id: int, filters: InteractionFilters) -> int: ...

    async def by_session(
        self, session_id: int, *, limit: int = 1000, offset: int = 0
    ) -> list[Interaction]:
        """Oldest first, by (occurred_at, id)."""
        ...


class SessionRepository(Protocol):
    async def get(self, session_id: int) -> StreamSession | None: ...

    async def current(self, broadcaster: str, platform: Platform) -> StreamSession | None: ...

    async def start(
        self, broadcaster: str, platform: Platform, started_at: datetime
    ) -> StreamSession:
        """Start a LIVE session, or return the one already LIVE (never a second)."""
        ...

    async def end(self, session_id: int, ended_at: datetime) -> StreamSession:
        """End a LIVE session; Conflict if it is already ENDED, NotFound if unknown."""
        ...

    async def list(
        self, broadcaster: str, *, limit: int = 50, offset: int = 0
    ) -> list[StreamSession]: ...


class NoteRepository(Protocol):
    async def add(self, person_id: int, content: str) -> Note: ...

    async def get(self, note_id: int) -> Note | None: ...

    async def update(self, note_id: int, content: str) -> Note: ...

    async def delete(self, note_id: int) -> None: ...

    async def by_person(self, person_id: int) -> list[Note]: ...


class AttributeRepository(Protocol):
    async def upsert(
        self,
        person_id: int,
        *,
        key: str,
        value: str,
        confidence: Confidence,
        evidence_type: EvidenceType,
        evidence_id: int | None,
    ) -> Attribute: ...

    async def delete(self, person_id: int, key: str) -> None: ...

    async def by_person(self, person_id: int) -> list[Attribute]: ...


class WatchlistRepository(Protocol):
    async def list(self) -> list[Watchlist]: ...

    async def get(self, watchlist_id: int) -> Watchlist | None: ...

    async def get_by_name(self, name: str) -> Watchlist | None: ...

    async def create(self, name: str) -> Watchlist:
        """Create a user list; Conflict if the name is taken."""
        ...

    async def rename(self, watchlist_id: int, name: str) -> Watchlist: ...

    async def delete(self, watchlist_id: int) -> None:
        """Delete a user list; Conflict for a built-in list."""
        ...

    async def add_member(self, watchlist_id: int, person_id: int) -> WatchlistMember:
        """Add a person (idempotent: adding twice keeps the first added_at)."""
        ...

    async def remove_member(self, watchlist_id: int, person_id: int) -> bool: ...

    # `builtins.list`: inside this class, a bare `list` names the method above.
    async def members(
        self, watchlist_id: int, *, limit: int = 200, offset: int = 0
    ) -> builtins.list[WatchlistMember]: ...

    async def lists_of_person(self, person_id: int) -> builtins.list[Watchlist]: ...
