"""In-memory fakes of the ports, honouring the same rules as the database.

`FakeDatabase` holds committed tables; each `FakeUnitOfWork` works on a copy taken when it
opens and, on commit, writes back only the rows it changed. So nothing is visible to another
unit of work before commit, and leaving without commit (or an exception) rolls back.
"""

from __future__ import annotations

import builtins
import copy
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

import anyio
import anyio.lowlevel
import msgspec

from mhc.domain.backfills import Backfill, BackfillPage, BackfillStatus, NewBackfill
from mhc.domain.contracts.findings import DriftObservation
from mhc.domain.errors import (
    Conflict,
    ExternalAuthError,
    ExternalServiceError,
    InvalidInput,
    NotFound,
    StoreUnavailable,
)
from mhc.domain.models import (
    Alias,
    ApiFailure,
    Attribute,
    Confidence,
    EvidenceType,
    Interaction,
    InteractionFilters,
    JsonObject,
    Metrics,
    NewApiFailure,
    NewInteraction,
    Note,
    Person,
    Platform,
    Role,
    SessionStatus,
    Snapshot,
    SnapshotSource,
    StreamSession,
    Watchlist,
    WatchlistMember,
    WorkerHeartbeat,
)
from mhc.domain.session_rules import end_session, start_session
from mhc.domain.watchlists import SYSTEM_WATCHLISTS
from mhc.ports.clock import Clock
from mhc.ports.gateways import (
    CbStats,
    ChatHistoryMessage,
    Fetched,
    MemberBatchItem,
    MemberInfo,
    ModelTip,
    Pagination,
    TimeRange,
)
from mhc.ports.ingestion import CursorMoved, EventRow, EventsCursor, FeedPage, LiveSession
from mhc.ports.read_models import Page as ReadPage
from mhc.ports.read_models import PersonView, WatchlistMemberDetail, WatchlistOverview
from mhc.ports.repositories import (
    AttributeRepository,
    InteractionRepository,
    NoteRepository,
    PersonRepository,
    SessionRepository,
    SnapshotRepository,
    WatchlistRepository,
)

_USERNAME = re.compile(r"[a-z0-9_]{1,64}")
_Row = TypeVar("_Row")


# The service tests' clock starts here, so they can assert stored times against it.
EVENING = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)


class ManualClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        """Move forward by `timedelta(**delta)`; returns the new time."""
        self._now += timedelta(**delta)
        return self._now

    def set(self, now: datetime) -> None:
        self._now = now


@dataclass
class Tables:
    persons: dict[int, Person] = field(default_factory=dict)
    aliases: dict[int, Alias] = field(default_factory=dict)
    snapshots: dict[int, Snapshot] = field(default_factory=dict)
    interactions: dict[int, Interaction] = field(default_factory=dict)
    sessions: dict[int, StreamSession] = field(default_factory=dict)
    notes: dict[int, Note] = field(default_factory=dict)
    attributes: dict[tuple[int, str], Attribute] = field(default_factory=dict)
    watchlists: dict[int, Watchlist] = field(default_factory=dict)
    members: dict[tuple[int, int], WatchlistMember] = field(default_factory=dict)

    def copy(self) -> Tables:
        return Tables(**{f.name: dict(getattr(self, f.name)) for f in fields(self)})


class FakeDatabase:
    """Committed state, with the built-in watchlists seeded as the migrations do."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.tables = Tables()
        # One sequence for every table: ids are never reused (rolled back ones included), and a
        # person id passed where a session id belongs finds nothing instead of the wrong row.
        self._ids = itertools.count(1)
        for name in SYSTEM_WATCHLISTS:
            watchlist_id = self.next_id()
            self.tables.watchlists[watchlist_id] = Watchlist(
                id=watchlist_id, name=name, is_system=True, created_at=clock.now()
            )

    def next_id(self) -> int:
        return next(self._ids)

    def unit_of_work(self) -> FakeUnitOfWork:
        """The unit-of-work factory to hand to services."""
        return FakeUnitOfWork(self)


class FakeUnitOfWork:
    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self._tables: Tables | None = None
        self._changed: set[tuple[str, Hashable]] = set()
        self.people: PersonRepository = FakePersonRepository(self)
        self.snapshots: SnapshotRepository = FakeSnapshotRepository(self)
        self.interactions: InteractionRepository = FakeInteractionRepository(self)
        self.sessions: SessionRepository = FakeSessionRepository(self)
        self.notes: NoteRepository = FakeNoteRepository(self)
        self.attributes: AttributeRepository = FakeAttributeRepository(self)
        self.watchlists: WatchlistRepository = FakeWatchlistRepository(self)

    async def __aenter__(self) -> Self:
        if self._tables is not None:
            raise RuntimeError("this unit of work is open already")
        self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tables = None
        self._changed.clear()

    async def commit(self) -> None:
        tables = self.tables
        committed = self._database.tables
        for table, key in self._changed:
            rows: dict[Hashable, Any] = getattr(tables, table)
            target: dict[Hashable, Any] = getattr(committed, table)
            if key in rows:
                target[key] = rows[key]
            else:
                target.pop(key, None)
        self._begin()

    async def rollback(self) -> None:
        if self._tables is None:
            raise RuntimeError("rollback outside `async with unit_of_work`")
        self._begin()

    def _begin(self) -> None:
        self._tables = self._database.tables.copy()
        self._changed.clear()

    @property
    def tables(self) -> Tables:
        if self._tables is None:
            raise RuntimeError("a repository was used outside `async with unit_of_work`")
        return self._tables

    @property
    def now(self) -> datetime:
        return self._database.clock.now()

    def next_id(self) -> int:
        return self._database.next_id()

    def write(self, table: str, key: Hashable, row: object) -> None:
        getattr(self.tables, table)[key] = row
        self._changed.add((table, key))

    def remove(self, table: str, key: Hashable) -> None:
        getattr(self.tables, table).pop(key, None)
        self._changed.add((table, key))


class _Repository:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _tables(self) -> Tables:
        return self._uow.tables

    def _require_person(self, person_id: int) -> Person:
        person = self._tables.persons.get(person_id)
        if person is None:
            raise NotFound(f"person {person_id} does not exist")
        return person


def _page(rows: Sequence[_Row], limit: int, offset: int) -> list[_Row]:
    return list(rows[offset : offset + limit])


def _check_name(name: str, field: str) -> None:
    # The database's CHECK constraint: normalised usernames only.
    if _USERNAME.fullmatch(name) is None:
        raise InvalidInput(f"{name!r} is not a normalised username", field=field)


class FakePersonRepository(_Repository):
    async def get(self, person_id: int) -> Person | None:
        return self._tables.persons.get(person_id)

    async def find_by_username(self, username: str, platform: Platform) -> Person | None:
        name = username.lower()
        for person in self._tables.persons.values():
            if person.platform == platform and person.username == name:
                return person
        for alias in self._tables.aliases.values():
            if alias.platform == platform and alias.alias == name:
                return self._tables.persons[alias.person_id]
        return None

    async def insert(
        self,
        *,
        username: str,
        platform: Platform,
        role: Role,
        is_excluded: bool,
        seen_at: datetime,
    ) -> Person:
        _check_name(username, "username")
        if any(
            p.platform == platform and p.username == username.lower()
            for p in self._tables.persons.values()
        ):
            raise Conflict(f"the username {username!r} is taken")
        now = self._uow.now
        person = Person(
            id=self._uow.next_id(),
            username=username,
            platform=platform,
            role=role,
            rid=None,
            did=None,
            first_seen_at=seen_at,
            last_seen_at=seen_at,
            is_excluded=is_excluded,
            created_at=now,
            updated_at=now,
        )
        self._uow.write("persons", person.id, person)
        return person

    async def touch(self, person_id: int, *, role: Role, seen_at: datetime) -> Person:
        person = self._require_person(person_id)
        touched = msgspec.structs.replace(
            person,
            role=role,
            last_seen_at=max(person.last_seen_at, seen_at),
            updated_at=self._uow.now,
        )
        self._uow.write("persons", person_id, touched)
        return touched

    async def lock(self, usernames: Sequence[str], platform: Platform) -> None:
        """Nothing to do: the fakes' units of work never run side by side."""

    async def set_external_ids(
        self, person_id: int, *, rid: int | None = None, did: int | None = None
    ) -> None:
        person = self._require_person(person_id)
        updated = msgspec.structs.replace(
            person,
            rid=person.rid if rid is None else rid,
            did=person.did if did is None else did,
            updated_at=self._uow.now,
        )
        self._uow.write("persons", person_id, updated)

    async def add_alias(self, person_id: int, alias: str, platform: Platform) -> Alias:
        self._require_person(person_id)
        _check_name(alias, "alias")
        if await self.find_by_username(alias, platform) is not None:
            raise Conflict(f"{alias!r} belongs to someone already")
        added = Alias(
            id=self._uow.next_id(),
            person_id=person_id,
            alias=alias,
            platform=platform,
            valid_from=self._uow.now,
            valid_to=None,
        )
        self._uow.write("aliases", added.id, added)
        return added

    async def list_aliases(self, person_id: int) -> list[Alias]:
        return sorted(
            (a for a in self._tables.aliases.values() if a.person_id == person_id),
            key=lambda a: a.id,
        )


class FakeSnapshotRepository(_Repository):
    async def add(
        self,
        *,
        person_id: int,
        source: SnapshotSource,
        raw_payload: JsonObject,
        normalized_metrics: Metrics,
        captured_at: datetime,
    ) -> Snapshot:
        self._require_person(person_id)
        for taken in self._tables.snapshots.values():
            if (taken.person_id, taken.source, taken.captured_at) == (
                person_id,
                source,
                captured_at,
            ):
                raise Conflict(f"a {source} snapshot of person {person_id} at {captured_at}")
        snapshot = Snapshot(
            id=self._uow.next_id(),
            person_id=person_id,
            source=source,
            captured_at=captured_at,
            raw_payload=raw_payload,
            normalized_metrics=normalized_metrics,
        )
        self._uow.write("snapshots", snapshot.id, snapshot)
        return snapshot

    async def latest(
        self, person_id: int, source: SnapshotSource, count: int = 1
    ) -> list[Snapshot]:
        rows = [
            s
            for s in self._tables.snapshots.values()
            if s.person_id == person_id and s.source == source
        ]
        rows.sort(key=lambda s: (s.captured_at, s.id), reverse=True)
        return rows[:count]

    async def timeline(
        self,
        person_id: int,
        source: SnapshotSource | None = None,
        *,
        limit: int = 500,
        offset: int = 0,
    ) -> list[Snapshot]:
        rows = [
            s
            for s in self._tables.snapshots.values()
            if s.person_id == person_id and (source is None or s.source == source)
        ]
        rows.sort(key=lambda s: (s.captured_at, s.id))
        return _page(rows, limit, offset)


class FakeInteractionRepository(_Repository):
    async def add(self, interaction: NewInteraction) -> Interaction | None:
        self._check_references(interaction)
        if self._is_duplicate(interaction):
            return None
        stored = Interaction(
            id=self._uow.next_id(),
            person_id=interaction.person_id,
            stream_session_id=interaction.stream_session_id,
            type=interaction.type,
            content=interaction.content,
            occurred_at=interaction.occurred_at,
            source=interaction.source,
            metadata=interaction.metadata,
            source_event_id=interaction.source_event_id,
            created_at=self._uow.now,
        )
        self._uow.write("interactions", stored.id, stored)
        return stored

    async def add_many(self, interactions: Sequence[NewInteraction]) -> int:
        # One statement in the database: a bad reference stores none of the batch.
        for interaction in interactions:
            self._check_references(interaction)
        added = 0
        for interaction in interactions:
            if await self.add(interaction) is not None:
                added += 1
        return added

    async def by_person(self, person_id: int, filters: InteractionFilters) -> list[Interaction]:
        return _page(self._matching(person_id, filters), filters.limit, filters.offset)

    async def count_by_person(self, person_id: int, filters: InteractionFilters) -> int:
        return len(self._matching(person_id, filters))

    async def by_session(
        self, session_id: int, *, limit: int = 1000, offset: int = 0
    ) -> list[Interaction]:
        rows = [i for i in self._tables.interactions.values() if i.stream_session_id == session_id]
        rows.sort(key=lambda i: (i.occurred_at, i.id))
        return _page(rows, limit, offset)

    def _matching(self, person_id: int, filters: InteractionFilters) -> list[Interaction]:
        rows = [
            i
            for i in self._tables.interactions.values()
            if i.person_id == person_id
            and (not filters.types or i.type in filters.types)
            and (not filters.sources or i.source in filters.sources)
            and (filters.since is None or i.occurred_at >= filters.since)
            and (filters.until is None or i.occurred_at < filters.until)
            and (filters.session_id is None or i.stream_session_id == filters.session_id)
        ]
        rows.sort(key=lambda i: (i.occurred_at, i.id), reverse=filters.newest_first)
        return rows

    def _check_references(self, interaction: NewInteraction) -> None:
        self._require_person(interaction.person_id)
        session_id = interaction.stream_session_id
        if session_id is not None and session_id not in self._tables.sessions:
            raise NotFound(f"session {session_id} does not exist")

    def _is_duplicate(self, interaction: NewInteraction) -> bool:
        # Like the unique index on (source, source_event_id): NULL ids never collide.
        if interaction.source_event_id is None:
            return False
        return any(
            i.source == interaction.source and i.source_event_id == interaction.source_event_id
            for i in self._tables.interactions.values()
        )


class FakeSessionRepository(_Repository):
    async def get(self, session_id: int) -> StreamSession | None:
        return self._tables.sessions.get(session_id)

    async def current(self, broadcaster: str, platform: Platform) -> StreamSession | None:
        for session in self._tables.sessions.values():
            if (
                session.broadcaster == broadcaster
                and session.platform == platform
                and session.status == SessionStatus.LIVE
            ):
                return session
        return None

    async def start(
        self, broadcaster: str, platform: Platform, started_at: datetime
    ) -> StreamSession:
        current = await self.current(broadcaster, platform)
        session = start_session(
            current,
            new_id=self._uow.next_id(),
            broadcaster=broadcaster,
            platform=platform,
            started_at=started_at,
        )
        if session is not current:
            self._uow.write("sessions", session.id, session)
        return session

    async def end(self, session_id: int, ended_at: datetime) -> StreamSession:
        session = self._tables.sessions.get(session_id)
        if session is None:
            raise NotFound(f"session {session_id} does not exist")
        ended = end_session(session, ended_at)
        self._uow.write("sessions", session_id, ended)
        return ended

    async def list(
        self, broadcaster: str, *, limit: int = 50, offset: int = 0
    ) -> list[StreamSession]:
        rows = [s for s in self._tables.sessions.values() if s.broadcaster == broadcaster]
        rows.sort(key=lambda s: (s.started_at, s.id), reverse=True)
        return _page(rows, limit, offset)


class FakeNoteRepository(_Repository):
    async def add(self, person_id: int, content: str) -> Note:
        self._require_person(person_id)
        _check_content(content)
        now = self._uow.now
        note = Note(
            id=self._uow.next_id(),
            person_id=person_id,
            content=content,
            created_at=now,
            updated_at=now,
        )
        self._uow.write("notes", note.id, note)
        return note

    async def get(self, note_id: int) -> Note | None:
        return self._tables.notes.get(note_id)

    async def update(self, note_id: int, content: str) -> Note:
        note = self._tables.notes.get(note_id)
        if note is None:
            raise NotFound(f"note {note_id} does not exist")
        _check_content(content)
        updated = msgspec.structs.replace(note, content=content, updated_at=self._uow.now)
        self._uow.write("notes", note_id, updated)
        return updated

    async def delete(self, note_id: int) -> None:
        self._uow.remove("notes", note_id)

    async def by_person(self, person_id: int) -> list[Note]:
        rows = [n for n in self._tables.notes.values() if n.person_id == person_id]
        rows.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        return rows


def _check_content(content: str) -> None:
    if not content.strip():
        raise InvalidInput("a note cannot be empty", field="content")


class FakeAttributeRepository(_Repository):
    async def upsert(
        self,
        person_id: int,
        *,
        key: str,
        value: str,
        confidence: Confidence,
        evidence_type: EvidenceType,
        evidence_id: int | None,
    ) -> Attribute:
        self._require_person(person_id)
        if not key.strip():
            raise InvalidInput("an attribute needs a key", field="key")
        now = self._uow.now
        before = self._tables.attributes.get((person_id, key))
        attribute = Attribute(
            id=self._uow.next_id() if before is None else before.id,
            person_id=person_id,
            key=key,
            value=value,
            confidence=confidence,
            evidence_type=evidence_type,
            evidence_id=evidence_id,
            created_at=now if before is None else before.created_at,
            updated_at=now,
        )
        self._uow.write("attributes", (person_id, key), attribute)
        return attribute

    async def delete(self, person_id: int, key: str) -> None:
        self._uow.remove("attributes", (person_id, key))

    async def by_person(self, person_id: int) -> list[Attribute]:
        rows = [a for a in self._tables.attributes.values() if a.person_id == person_id]
        return sorted(rows, key=lambda a: a.key)


class FakeWatchlistRepository(_Repository):
    async def list(self) -> list[Watchlist]:
        return sorted(self._tables.watchlists.values(), key=lambda w: w.id)

    async def get(self, watchlist_id: int) -> Watchlist | None:
        return self._tables.watchlists.get(watchlist_id)

    async def get_by_name(self, name: str) -> Watchlist | None:
        for watchlist in self._tables.watchlists.values():
            if watchlist.name.lower() == name.lower():
                return watchlist
        return None

    async def create(self, name: str) -> Watchlist:
        self._check_name(name, keep_id=None)
        watchlist = Watchlist(
            id=self._uow.next_id(), name=name, is_system=False, created_at=self._uow.now
        )
        self._uow.write("watchlists", watchlist.id, watchlist)
        return watchlist

    async def rename(self, watchlist_id: int, name: str) -> Watchlist:
        watchlist = self._require_watchlist(watchlist_id)
        self._check_name(name, keep_id=watchlist_id)
        renamed = msgspec.structs.replace(watchlist, name=name)
        self._uow.write("watchlists", watchlist_id, renamed)
        return renamed

    async def delete(self, watchlist_id: int) -> None:
        watchlist = self._tables.watchlists.get(watchlist_id)
        if watchlist is None:
            return
        if watchlist.is_system:
            raise Conflict(f"watchlist {watchlist.name!r} is built in and cannot be deleted")
        self._uow.remove("watchlists", watchlist_id)
        for key in [k for k in self._tables.members if k[0] == watchlist_id]:
            self._uow.remove("members", key)

    async def add_member(self, watchlist_id: int, person_id: int) -> WatchlistMember:
        self._require_watchlist(watchlist_id)
        self._require_person(person_id)
        member = self._tables.members.get((watchlist_id, person_id))
        if member is None:
            member = WatchlistMember(
                watchlist_id=watchlist_id, person_id=person_id, added_at=self._uow.now
            )
            self._uow.write("members", (watchlist_id, person_id), member)
        return member

    async def remove_member(self, watchlist_id: int, person_id: int) -> bool:
        if (watchlist_id, person_id) not in self._tables.members:
            return False
        self._uow.remove("members", (watchlist_id, person_id))
        return True

    async def members(
        self, watchlist_id: int, *, limit: int = 200, offset: int = 0
    ) -> builtins.list[WatchlistMember]:
        rows = [m for m in self._tables.members.values() if m.watchlist_id == watchlist_id]
        rows.sort(key=lambda m: (m.added_at, m.person_id))
        return _page(rows, limit, offset)

    async def lists_of_person(self, person_id: int) -> builtins.list[Watchlist]:
        ids = sorted(
            m.watchlist_id for m in self._tables.members.values() if m.person_id == person_id
        )
        return [self._tables.watchlists[i] for i in ids]

    def _require_watchlist(self, watchlist_id: int) -> Watchlist:
        watchlist = self._tables.watchlists.get(watchlist_id)
        if watchlist is None:
            raise NotFound(f"watchlist {watchlist_id} does not exist")
        return watchlist

    def _check_name(self, name: str, *, keep_id: int | None) -> None:
        if not name.strip():
            raise InvalidInput("a watchlist needs a name", field="name")
        for watchlist in self._tables.watchlists.values():
            if watchlist.name.lower() == name.lower() and watchlist.id != keep_id:
                raise Conflict(f"a watchlist named {name!r} exists already")


class FakeFailureLog:
    """The api_failures log; it has no transaction, like the real one's own commits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self.failures: list[ApiFailure] = []

    async def record(self, failure: NewApiFailure) -> None:
        self.failures.append(
            ApiFailure(
                id=next(self._ids),
                service=failure.service,
                endpoint=failure.endpoint,
                status=failure.status,
                message=failure.message,
                occurred_at=self._clock.now(),
            )
        )

    async def recent(self, *, limit: int = 100, offset: int = 0) -> list[ApiFailure]:
        newest_first = sorted(self.failures, key=lambda f: (f.occurred_at, f.id), reverse=True)
        return _page(newest_first, limit, offset)


# ---- Backfills: their store, and the Statbate and Plus answers they read -----------------


class FakeBackfillStore:
    """The backfills table; `progress_writes` keeps every progress write, to count them."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self.rows: dict[int, Backfill] = {}
        self.progress_writes: list[tuple[int, int | None, int, int]] = []
        # The next this many progress writes find the database gone.
        self.unavailable_writes = 0

    async def create(self, backfill: NewBackfill) -> Backfill:
        now = self._clock.now()
        row = Backfill(
            id=next(self._ids),
            kind=backfill.kind,
            label=backfill.label,
            # As jsonb gives it back: lists and ISO text.
            params=msgspec.json.decode(msgspec.json.encode(backfill.params)),
            origin=backfill.origin,
            status=backfill.status,
            total=None,
            done=0,
            failed=0,
            summary={},
            last_error=None,
            created_at=now,
            started_at=now if backfill.status is BackfillStatus.RUNNING else None,
            finished_at=None,
            updated_at=now,
            worker_id=backfill.worker_id,
            cancel_requested_at=None,
        )
        self.rows[row.id] = row
        return row

    async def claim_queued(self, worker_id: str) -> Backfill | None:
        queued = [r for r in self.rows.values() if r.status is BackfillStatus.QUEUED]
        if not queued:
            return None
        oldest = min(queued, key=lambda r: (r.created_at, r.id))
        now = self._clock.now()
        return self._set(
            oldest.id,
            status=BackfillStatus.RUNNING,
            worker_id=worker_id,
            started_at=now,
            updated_at=now,
        )

    async def record_progress(
        self,
        backfill_id: int,
        *,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> bool:
        if self.unavailable_writes:
            self.unavailable_writes -= 1
            raise StoreUnavailable("the database is unreachable or busy (OperationalError)")
        if self.rows[backfill_id].status is not BackfillStatus.RUNNING:
            return False
        self.progress_writes.append((backfill_id, total, done, failed))
        self._set(
            backfill_id,
            total=total,
            done=done,
            failed=failed,
            summary=dict(summary),
            last_error=last_error,
            updated_at=self._clock.now(),
        )
        return self.rows[backfill_id].cancel_requested_at is not None

    async def finish(
        self,
        backfill_id: int,
        *,
        status: BackfillStatus,
        total: int | None,
        done: int,
        failed: int,
        summary: Mapping[str, int],
        last_error: str | None,
    ) -> Backfill:
        if self.rows[backfill_id].status is not BackfillStatus.RUNNING:
            return self.rows[backfill_id]
        now = self._clock.now()
        return self._set(
            backfill_id,
            status=status,
            total=total,
            done=done,
            failed=failed,
            summary=dict(summary),
            last_error=last_error,
            finished_at=now,
            updated_at=now,
        )

    async def touch(self, backfill_id: int) -> None:
        if self.rows[backfill_id].status is BackfillStatus.RUNNING:
            self._set(backfill_id, updated_at=self._clock.now())

    async def requeue(self, backfill_id: int) -> None:
        row = self.rows[backfill_id]
        if row.status is BackfillStatus.RUNNING and row.cancel_requested_at is None:
            self._set(
                backfill_id,
                status=BackfillStatus.QUEUED,
                worker_id=None,
                started_at=None,
                total=None,
                done=0,
                failed=0,
                summary={},
                last_error=None,
                updated_at=self._clock.now(),
            )

    async def cancel(self, backfill_id: int, reason: str) -> None:
        if self.rows[backfill_id].status is BackfillStatus.RUNNING:
            now = self._clock.now()
            self._set(
                backfill_id,
                status=BackfillStatus.CANCELLED,
                last_error=reason,
                finished_at=now,
                updated_at=now,
            )

    async def request_cancel(self, backfill_id: int, queued_reason: str) -> Backfill | None:
        row = self.rows.get(backfill_id)
        if row is None or row.status not in (BackfillStatus.QUEUED, BackfillStatus.RUNNING):
            return None
        now = self._clock.now()
        asked = row.cancel_requested_at or now
        if row.status is BackfillStatus.RUNNING:
            return self._set(backfill_id, cancel_requested_at=asked)
        return self._set(
            backfill_id,
            status=BackfillStatus.CANCELLED,
            last_error=queued_reason,
            finished_at=now,
            updated_at=now,
            cancel_requested_at=asked,
        )

    def ask_to_cancel(self, backfill_id: int) -> None:
        """What the panel's cancel leaves on a running row, for a listener to do mid-run."""
        self._set(backfill_id, cancel_requested_at=self._clock.now())

    async def fail_stale(self, older_than: timedelta, reason: str) -> list[int]:
        now = self._clock.now()
        stale = [
            r.id
            for r in self.rows.values()
            if r.status is BackfillStatus.RUNNING and r.updated_at < now - older_than
        ]
        for backfill_id in stale:
            self._set(
                backfill_id,
                status=BackfillStatus.FAILED,
                last_error=reason,
                finished_at=now,
                updated_at=now,
            )
        return stale

    async def get(self, backfill_id: int) -> Backfill | None:
        return self.rows.get(backfill_id)

    async def page(self, *, limit: int, offset: int) -> BackfillPage:
        newest = sorted(self.rows.values(), key=lambda r: (r.created_at, r.id), reverse=True)
        return BackfillPage(
            items=_page(newest, limit, offset), total=len(newest), limit=limit, offset=offset
        )

    def _set(self, backfill_id: int, **changes: Any) -> Backfill:
        row = msgspec.structs.replace(self.rows[backfill_id], **changes)
        self.rows[backfill_id] = row
        return row


class FakeRoomHistory:
    """Where the Events API's record of the room begins (None: nothing recorded yet)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.start = start

    async def live_history_start(self, room: str) -> datetime | None:
        return self.start


class FakeStatbate:
    """The Statbate batch member lookup and the room tip history, with failures on demand.

    `members` are the names Statbate knows; `room_tips` are the room's tips as
    `(tipper, at, tokens)`, served newest first in pages like the real endpoint.
    """

    def __init__(
        self,
        members: Sequence[str] = (),
        room_tips: Sequence[tuple[str, datetime, int]] = (),
    ) -> None:
        self.members = {name.lower() for name in members}
        self.room_tips = list(room_tips)
        self.batch_calls: list[list[str]] = []
        self.tip_pages: list[int] = []
        self.failing_batches: set[int] = set()
        self.failing_pages: set[int] = set()
        self.refused = False

    async def get_member_info_batch(
        self, site: str, names: Sequence[str], timezone: str | None = None
    ) -> list[MemberBatchItem]:
        self._check_credentials()
        self.batch_calls.append(list(names))
        if len(self.batch_calls) in self.failing_batches:
            raise ExternalServiceError("statbate", "HTTP 503 after 4 attempts", status=503)
        items = []
        for name in names:
            if name.lower() in self.members:
                raw: JsonObject = {"name": name, "did": 1000 + len(name), "all_time_tokens": 50}
                info = MemberInfo(name=name, did=1000 + len(name), all_time_tokens=50)
                items.append(MemberBatchItem(name=name, info=info, error=None, raw=raw))
            else:
                missing = "Member not found"
                raw = {"name": name, "error": missing}
                items.append(MemberBatchItem(name=name, info=None, error=missing, raw=raw))
        return items

    async def get_model_tips(
        self,
        site: str,
        name: str,
        range: TimeRange | None = None,
        timezone: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Fetched[list[ModelTip]] | None:
        self._check_credentials()
        number, size = page or 1, per_page or 20
        self.tip_pages.append(number)
        if number in self.failing_pages:
            raise ExternalServiceError("statbate", "HTTP 502 after 4 attempts", status=502)
        # Statbate compares whole seconds: an end bound of 12:00:00 takes in all of that second.
        within = [
            tip
            for tip in self.room_tips
            if range is None or range.start <= tip[1] < range.end + timedelta(seconds=1)
        ]
        within.sort(key=lambda tip: tip[1], reverse=True)
        chosen = within[(number - 1) * size : number * size]
        raw_items = [
            {"time": at.isoformat(), "name": tipper, "did": 7, "tokens": tokens, "usd": tokens / 20}
            for tipper, at, tokens in chosen
        ]
        last_page = max(1, -(-len(within) // size))
        return Fetched(
            data=[msgspec.convert(item, ModelTip) for item in raw_items],
            raw={"data": raw_items, "meta": {"pagination": {"last_page": last_page}}},
            pagination=Pagination(
                total=len(within), per_page=size, current_page=number, last_page=last_page
            ),
        )

    def _check_credentials(self) -> None:
        if self.refused:
            raise ExternalAuthError("statbate", "credentials refused (HTTP 401); renew them")


class FakeChatHistory:
    """Statbate Plus chat history of one room, message by message."""

    def __init__(self, messages: Sequence[ChatHistoryMessage] = ()) -> None:
        self.messages = list(messages)

    async def authenticate(self) -> None:
        return None

    async def iter_chat_history(
        self, model_name: str, since: datetime | None = None, until: datetime | None = None
    ) -> AsyncIterator[ChatHistoryMessage]:
        for message in self.messages:
            if message.room == model_name:
                yield message


# --- live Events API ingestion ---------------------------------------------------------------


@dataclass
class IngestedSession:
    id: int
    started_at: datetime
    ended_at: datetime | None = None


@dataclass
class IngestionTables:
    interactions: dict[str, EventRow] = field(default_factory=dict)
    sessions: list[IngestedSession] = field(default_factory=list)
    cursors: dict[str, EventsCursor] = field(default_factory=dict)


class FakeIngestionBatch:
    def __init__(self, tables: IngestionTables, ids: itertools.count[int]) -> None:
        self.tables = tables
        self.committed = False
        self._ids = ids

    async def live_session(self, broadcaster: str) -> LiveSession | None:
        for session in self.tables.sessions:
            if session.ended_at is None:
                return LiveSession(id=session.id, started_at=session.started_at)
        return None

    async def start_session(self, broadcaster: str, started_at: datetime) -> LiveSession:
        live = await self.live_session(broadcaster)
        if live is not None:
            return live
        session = IngestedSession(next(self._ids), started_at)
        self.tables.sessions.append(session)
        return LiveSession(id=session.id, started_at=started_at)

    async def end_session(self, session_id: int, ended_at: datetime) -> None:
        for session in self.tables.sessions:
            if session.id == session_id and session.ended_at is None:
                session.ended_at = max(ended_at, session.started_at)

    async def last_session_end(self, broadcaster: str) -> datetime | None:
        ends = [s.ended_at for s in self.tables.sessions if s.ended_at is not None]
        return max(ends, default=None)

    async def last_event_at(self, session_id: int) -> datetime | None:
        times = [
            row.occurred_at
            for row in self.tables.interactions.values()
            if row.stream_session_id == session_id
        ]
        return max(times, default=None)

    async def stored_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        return {i for i in event_ids if i in self.tables.interactions}

    async def store_events(self, rows: Sequence[EventRow]) -> int:
        new = 0
        for row in rows:
            if row.event_id not in self.tables.interactions:
                self.tables.interactions[row.event_id] = row
                new += 1
        return new

    async def advance_cursor(
        self, broadcaster: str, *, expected: EventsCursor | None, new: EventsCursor
    ) -> None:
        stored = self.tables.cursors.get(broadcaster)
        stored_id = stored.last_event_id if stored else None
        expected_id = expected.last_event_id if expected else None
        if stored_id != expected_id:
            raise CursorMoved("another worker moved the cursor")
        self.tables.cursors[broadcaster] = new

    async def commit(self) -> None:
        self.committed = True


class FakeIngestionStore:
    """The bulk store: each batch works on a copy of the tables, written back only on commit.

    `unavailable` makes every transaction and cursor read fail as an unreachable database does;
    `fail_next` makes the next transactions fail with the given errors (a bug, say).
    """

    def __init__(self) -> None:
        self.tables = IngestionTables()
        self.batches_opened = 0
        self.unavailable = False
        self.failures: list[Exception] = []
        self._ids = itertools.count(1)

    def fail_next(self, *errors: Exception) -> None:
        self.failures.extend(errors)

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[FakeIngestionBatch]:
        if self.unavailable:
            raise StoreUnavailable("the database is unreachable")
        if self.failures:
            raise self.failures.pop(0)
        self.batches_opened += 1
        tx = FakeIngestionBatch(copy.deepcopy(self.tables), self._ids)
        yield tx
        if tx.committed:
            self.tables = tx.tables

    async def load_cursor(self, broadcaster: str) -> EventsCursor | None:
        if self.unavailable:
            raise StoreUnavailable("the database is unreachable")
        return self.tables.cursors.get(broadcaster)

    def stored_ids(self) -> list[str]:
        return list(self.tables.interactions)


class FakeEventsRoom:
    """One room's Events API: its events in order, the token it accepts, failures on demand.

    `feed(token)` is the ingestor's `feed_for`. A poll answers up to `page_size` events after
    the cursor; with nothing new it holds `hold` seconds and answers an empty page, like the
    longpoll. A token other than `token` is refused; `fail_next` queues errors to raise.
    """

    def __init__(
        self,
        events: Sequence[dict[str, Any]] = (),
        *,
        token: str,
        page_size: int = 2,
        hold: float = 0.01,
        received_at: datetime = EVENING,
    ) -> None:
        self.events = list(events)
        self.token = token
        self.page_size = page_size
        self.hold = hold
        self.received_at = received_at
        self.failures: list[Exception] = []
        # The id of the last event a poll answered with.
        self.served: str | None = None

    def add(self, *events: dict[str, Any]) -> None:
        self.events.extend(events)

    def fail_next(self, *errors: Exception) -> None:
        self.failures.extend(errors)

    def feed(self, token: str) -> FakeEventsFeed:
        return FakeEventsFeed(self, token)


class FakeEventsFeed:
    """Implements EventsFeed for one token over a FakeEventsRoom."""

    def __init__(self, room: FakeEventsRoom, token: str) -> None:
        self._room = room
        self._token = token

    async def poll(self, cursor: EventsCursor) -> FeedPage:
        room = self._room
        await anyio.lowlevel.checkpoint()
        if room.failures:
            raise room.failures.pop(0)
        if self._token != room.token:
            raise ExternalAuthError(
                "cb_events",
                "the Events API refused the token (HTTP 401); set a new CB_EVENTS_TOKEN",
                status=401,
            )
        ids = [event.get("id") for event in room.events]
        start = ids.index(cursor.last_event_id) + 1 if cursor.last_event_id in ids else 0
        events = room.events[start : start + room.page_size]
        if not events:
            await anyio.sleep(room.hold)
            return FeedPage(events=[], next_cursor=cursor, received_at=room.received_at)
        next_cursor = EventsCursor(
            last_event_id=str(events[-1]["id"]), timeout_seconds=cursor.timeout_seconds
        )
        room.served = next_cursor.last_event_id
        return FeedPage(events=events, next_cursor=next_cursor, received_at=room.received_at)


class FakeLease:
    def __init__(self, leases: FakeLeases, name: str) -> None:
        self._leases = leases
        self._name = name
        self.lost = False

    async def still_held(self) -> bool:
        return not self.lost

    async def release(self) -> None:
        if self._leases.holders.get(self._name) is self:
            del self._leases.holders[self._name]


class FakeLeases:
    """Advisory locks: one holder per name, for as long as its database session lives."""

    def __init__(self) -> None:
        self.holders: dict[str, FakeLease] = {}

    async def try_acquire(self, name: str) -> FakeLease | None:
        if name in self.holders:
            return None
        lease = FakeLease(self, name)
        self.holders[name] = lease
        return lease

    def drop_sessions(self) -> None:
        """A database restart: every lock goes with its session, silently."""
        for lease in self.holders.values():
            lease.lost = True
        self.holders.clear()


class FakeHeartbeats:
    """The worker's health rows, newest last."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.beats: list[WorkerHeartbeat] = []

    async def beat(
        self,
        *,
        worker_id: str,
        broadcaster: str,
        last_poll_at: datetime | None,
        last_event_at: datetime | None,
        lag_seconds: float | None,
        last_error: str | None,
    ) -> None:
        self.beats.append(
            WorkerHeartbeat(
                worker_id=worker_id,
                broadcaster=broadcaster,
                last_poll_at=last_poll_at,
                last_event_at=last_event_at,
                lag_seconds=lag_seconds,
                last_error=last_error,
                updated_at=self._clock.now(),
            )
        )

    async def latest(self, broadcaster: str) -> WorkerHeartbeat | None:
        mine = [beat for beat in self.beats if beat.broadcaster == broadcaster]
        return mine[-1] if mine else None


class FakeDriftLog:
    """The drift log: every write kept as it came, and the counts per difference."""

    def __init__(self) -> None:
        self.writes: list[list[DriftObservation]] = []
        self.failing = False

    async def record(self, observations: Sequence[DriftObservation]) -> None:
        if self.failing:
            raise StoreUnavailable("the database is unreachable")
        self.writes.append(list(observations))

    def counts(self) -> dict[tuple[str, str], int]:
        totals: dict[tuple[str, str], int] = {}
        for write in self.writes:
            for seen in write:
                key = (seen.kind.value, seen.subject)
                totals[key] = totals.get(key, 0) + seen.count
        return totals


class FakeCbStats:
    """The owner's Chaturbate Stats API: answers the raw body it is given."""

    def __init__(self, raw: JsonObject | None = None) -> None:
        self.raw = raw

    async def get_stats(self, username: str) -> Fetched[CbStats] | None:
        if self.raw is None:
            return None
        return Fetched(data=msgspec.convert(self.raw, CbStats, strict=False), raw=self.raw)


class FakeWatchlistReads:
    """The watchlist read model: lists by name, members as PersonViews, served in pages."""

    def __init__(self, clock: Clock, lists: Mapping[str, Sequence[tuple[str, bool]]]) -> None:
        """`lists` maps a list's name to its members as (username, is_excluded)."""
        self._clock = clock
        self._lists = {
            index: (name, list(members))
            for index, (name, members) in enumerate(lists.items(), start=1)
        }
        self.pages_served = 0

    async def watchlists(self) -> list[WatchlistOverview]:
        return [
            WatchlistOverview(
                id=index, name=name, is_system=name in SYSTEM_WATCHLISTS, member_count=len(members)
            )
            for index, (name, members) in self._lists.items()
        ]

    async def watchlist_members(
        self, watchlist_id: int, *, broadcaster: str, limit: int, offset: int
    ) -> ReadPage[WatchlistMemberDetail] | None:
        if watchlist_id not in self._lists:
            return None
        self.pages_served += 1
        _, members = self._lists[watchlist_id]
        now = self._clock.now()
        items = [
            WatchlistMemberDetail(
                person=PersonView(
                    id=sum(map(ord, username)),
                    username=username,
                    platform=Platform.CHATURBATE,
                    role=Role.VIEWER,
                    rid=None,
                    did=None,
                    first_seen_at=now,
                    last_seen_at=now,
                    is_excluded=is_excluded,
                    aliases=[],
                ),
                added_at=now,
                last_interaction_at=None,
                last_snapshots=[],
                online=None,
            )
            for username, is_excluded in members[offset : offset + limit]
        ]
        return ReadPage(items=items, total=len(members), limit=limit, offset=offset)


def configured_as(value: bool) -> Callable[[], Awaitable[bool]]:
    """Whether a service's credentials are set, as the use cases ask for it (at any time)."""

    async def configured() -> bool:
        return value

    return configured
