"""The lookup: from a typed username or a pasted chat to everything the panel knows.

Steps: extract usernames -> leave out the excluded ones -> find the known persons (one read)
and create the others (one transaction) -> optionally capture Statbate snapshots of those
whose latest one is stale (a fresh one is reused, not paid for again) -> read every person's
bundle (one query). A failing external API does not fail the lookup: what is
stored is still returned, and the failure is named in the outcome (the gateway has written it
to the failure log).
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from itertools import groupby

import msgspec

from mhc.domain.deltas import SnapshotDeltaView, snapshot_deltas
from mhc.domain.errors import Conflict, ExternalServiceError, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.lookups import DEFAULT_FRESHNESS, is_fresh
from mhc.domain.models import (
    Attribute,
    NewApiFailure,
    Note,
    Person,
    Platform,
    Role,
    SnapshotSource,
    Watchlist,
)
from mhc.domain.usernames import extract_usernames, normalize_username
from mhc.ports.clock import Clock
from mhc.ports.operations import FailureLog
from mhc.ports.read_models import (
    InteractionView,
    PersonBundle,
    PersonView,
    ReadModels,
    RoomStats,
    SnapshotView,
)
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.capture import CaptureOutcome, CaptureResult, CaptureService
from mhc.services.people import find_or_create_person

MAX_LOOKUP_NAMES = 100
ROOM_INTERACTIONS = 20
STATBATE = "statbate"


# What the lookup needs to know of a person, found (a read-model view) or just created.
Known = Person | PersonView


class LookupRequest(msgspec.Struct, frozen=True, kw_only=True):
    username: str | None = None
    role: Role | None = None
    pasted_text: str | None = None
    include_statbate: bool = False
    include_my_room_data: bool = True


class PersonProfile(msgspec.Struct, frozen=True, kw_only=True):
    """A person with their latest figures and deltas; `room_stats` None when not asked for."""

    person: PersonView
    latest_snapshots: list[SnapshotView]
    deltas: list[SnapshotDeltaView]
    interactions: list[InteractionView]
    room_stats: RoomStats | None
    notes: list[Note]
    attributes: list[Attribute]
    watchlists: list[Watchlist]


class LookupFailure(msgspec.Struct, frozen=True, kw_only=True):
    service: str
    message: str


class StatbateFetch(enum.StrEnum):
    FETCHED = "fetched"
    # The latest snapshot is younger than the freshness window: reused, not fetched again.
    FRESH = "fresh"
    NOT_FOUND = "not_found"
    FAILED = "failed"


class StatbateUse(msgspec.Struct, frozen=True, kw_only=True):
    """What "Include Statbate" did for one person; `captured_at` of the snapshot shown."""

    person_id: int
    username: str
    source: SnapshotSource
    outcome: StatbateFetch
    captured_at: datetime | None = None


class LookupOutcome(msgspec.Struct, frozen=True, kw_only=True):
    people: list[PersonProfile]
    excluded: list[str]
    failures: list[LookupFailure]
    statbate: list[StatbateUse] = msgspec.field(default_factory=list)


def profile_from_bundle(bundle: PersonBundle, *, with_room_data: bool) -> PersonProfile:
    latest = [next(group) for _, group in groupby(bundle.recent_snapshots, key=lambda s: s.source)]
    return PersonProfile(
        person=bundle.person,
        latest_snapshots=latest,
        deltas=snapshot_deltas(bundle.recent_snapshots),
        interactions=bundle.interactions,
        room_stats=bundle.room_stats if with_room_data else None,
        notes=bundle.notes,
        attributes=bundle.attributes,
        watchlists=bundle.watchlists,
    )


def wanted_usernames(request: LookupRequest) -> list[str]:
    """The typed username, then every name in the pasted text, normalised and de-duplicated.

    InvalidInput (naming the field) when there is none, or more than MAX_LOOKUP_NAMES.
    """
    names: list[str] = []
    if request.username is not None and request.username.strip():
        names.append(normalize_username(request.username))
    if request.pasted_text:
        names.extend(extract_usernames(request.pasted_text))
    unique = list(dict.fromkeys(names))
    field = "pasted_text" if request.pasted_text else "username"
    if not unique:
        raise InvalidInput("no username found: type one or paste a chat", field=field)
    if len(unique) > MAX_LOOKUP_NAMES:
        raise InvalidInput(
            f"at most {MAX_LOOKUP_NAMES} usernames per lookup, found {len(unique)}", field=field
        )
    return unique


class LookupService:
    """The lookup and the person page, over the unit of work and the read models.

    Without a Statbate token (`statbate_configured` answers False) asking for Statbate is a
    named failure, recorded in the failure log like any other.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        read_models: ReadModels,
        exclusion: ExclusionPolicy,
        clock: Clock,
        failure_log: FailureLog,
        capture: CaptureService,
        *,
        statbate_configured: Callable[[], Awaitable[bool]],
        statbate_freshness: timedelta = DEFAULT_FRESHNESS,
    ) -> None:
        self._uow_factory = uow_factory
        self._read_models = read_models
        self._exclusion = exclusion
        self._clock = clock
        self._failure_log = failure_log
        self._capture = capture
        self._statbate_configured = statbate_configured
        self._freshness = statbate_freshness

    async def lookup(self, request: LookupRequest) -> LookupOutcome:
        names = wanted_usernames(request)
        excluded = [name for name in names if self._exclusion.is_excluded(name)]
        allowed = [name for name in names if name not in excluded]
        persons = await self._resolve(allowed, request.role)
        # A person flagged excluded in the database (an alias of one, say) is left out too.
        excluded.extend(p.username for p in persons if p.is_excluded)
        persons = [p for p in persons if not p.is_excluded]
        failures: list[LookupFailure] = []
        used: list[StatbateUse] = []
        if request.include_statbate and persons:
            failures, used = await self._capture_statbate(persons)
        bundles = await self._read_models.person_bundles(
            [p.id for p in persons],
            interactions_limit=ROOM_INTERACTIONS if request.include_my_room_data else 0,
        )
        return LookupOutcome(
            people=[
                profile_from_bundle(b, with_room_data=request.include_my_room_data) for b in bundles
            ],
            excluded=excluded,
            failures=failures,
            statbate=used,
        )

    async def profile(self, person_id: int) -> PersonProfile:
        """The person page's data; NotFound for an unknown id."""
        bundles = await self._read_models.person_bundles([person_id], interactions_limit=0)
        if not bundles:
            raise NotFound(f"person {person_id} does not exist")
        return profile_from_bundle(bundles[0], with_room_data=True)

    async def _resolve(self, names: Sequence[str], role: Role | None) -> list[Known]:
        """The persons of `names`, in order, each once; unknown names are created.

        Known persons are only read: a lookup is not a sighting, so it leaves last_seen_at
        alone, unless a role override has to be recorded (that goes through find-or-create).
        """
        known: dict[str, Known] = {}
        if role is None:
            known.update(await self._read_models.find_persons(names, platform=Platform.CHATURBATE))
        missing = [name for name in names if name not in known]
        if missing:
            try:
                known.update(await self._find_or_create(missing, role or Role.UNKNOWN))
            except Conflict:
                # A concurrent request created one of these names first: it is known now.
                known.update(await self._find_or_create(missing, role or Role.UNKNOWN))
        # Two names can be one person (a username and its alias): keep the first.
        unique: dict[int, Known] = {}
        for name in names:
            unique.setdefault(known[name].id, known[name])
        return list(unique.values())

    async def _find_or_create(self, names: Sequence[str], role: Role) -> dict[str, Known]:
        async with self._uow_factory() as uow:
            found: dict[str, Known] = {
                name: await find_or_create_person(
                    uow, self._exclusion, self._clock, name, role=role
                )
                for name in names
            }
            await uow.commit()
        return found

    async def _capture_statbate(
        self, persons: Sequence[Known]
    ) -> tuple[list[LookupFailure], list[StatbateUse]]:
        if not await self._statbate_configured():
            message = (
                "needs Statbate: no Statbate API token is set (Connections page, or "
                "STATBATE_API_TOKEN)"
            )
            await self._failure_log.record(
                NewApiFailure(service=STATBATE, endpoint="lookup", status=None, message=message)
            )
            return [LookupFailure(service=STATBATE, message=message)], []
        capture = self._capture
        failures: list[LookupFailure] = []
        wanted = [(p, SnapshotSource.STATBATE_MEMBER) for p in persons if p.role != Role.MODEL]
        wanted += [
            (p, SnapshotSource.STATBATE_MODEL) for p in persons if p.role in (Role.MODEL, Role.BOTH)
        ]
        latest = await self._latest_captures(wanted)
        now = self._clock.now()
        used = [
            StatbateUse(
                person_id=p.id,
                username=p.username,
                source=source,
                outcome=StatbateFetch.FRESH,
                captured_at=latest[(p.id, source)],
            )
            for p, source in wanted
            if is_fresh(latest.get((p.id, source)), now, self._freshness)
        ]
        fresh = {(use.person_id, use.source) for use in used}
        stale = [(p, source) for p, source in wanted if (p.id, source) not in fresh]
        members = [p.username for p, source in stale if source is SnapshotSource.STATBATE_MEMBER]
        models = [p.username for p, source in stale if source is SnapshotSource.STATBATE_MODEL]
        results: list[CaptureResult] = []
        try:
            if len(members) == 1:
                results = [await capture.capture_member(members[0])]
            else:
                results = await capture.capture_members_batch(members) if members else []
        except ExternalServiceError as exc:
            failures.append(LookupFailure(service=exc.service, message=str(exc)))
        for name in models:
            try:
                results.append(await capture.capture_model(name))
            except ExternalServiceError as exc:
                failures.append(LookupFailure(service=exc.service, message=str(exc)))
        failures.extend(_failed(results))
        by_name = {(r.username, r.source): r for r in results}
        for p, source in stale:
            result = by_name.get((p.username, source))
            if result is not None and result.outcome is not CaptureOutcome.EXCLUDED:
                used.append(_use(p, source, result))
        return failures, used

    async def _latest_captures(
        self, wanted: Sequence[tuple[Known, SnapshotSource]]
    ) -> dict[tuple[int, SnapshotSource], datetime]:
        """When each person's newest snapshot of each source was captured."""
        captured: dict[tuple[int, SnapshotSource], datetime] = {}
        async with self._uow_factory() as uow:
            for person, source in wanted:
                newest = await uow.snapshots.latest(person.id, source)
                if newest:
                    captured[(person.id, source)] = newest[0].captured_at
        return captured


def _use(person: Known, source: SnapshotSource, result: CaptureResult) -> StatbateUse:
    outcome = {
        CaptureOutcome.CAPTURED: StatbateFetch.FETCHED,
        CaptureOutcome.NOT_FOUND: StatbateFetch.NOT_FOUND,
    }.get(result.outcome, StatbateFetch.FAILED)
    captured = result.snapshot.captured_at if result.snapshot is not None else None
    return StatbateUse(
        person_id=person.id,
        username=person.username,
        source=source,
        outcome=outcome,
        captured_at=captured,
    )


def _failed(results: Sequence[CaptureResult]) -> list[LookupFailure]:
    return [
        LookupFailure(service=STATBATE, message=f"{r.username}: {r.detail or 'failed'}")
        for r in results
        if r.outcome == CaptureOutcome.FAILED
    ]
