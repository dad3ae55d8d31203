"""The lookup: from a typed username or a pasted chat to everything the panel knows.

Steps: read the names (the chat-log parser; the owner is never one) -> leave out the excluded
ones -> find the known persons (one read) -> optionally capture Statbate snapshots of those
whose latest one is stale (a fresh one is reused, not paid for again) -> read every person's
bundle (one query). A lookup creates nobody: names the panel has never seen are
answered as new, and only a Statbate capture that finds one stores them (a person is created
for what is captured). A failing external API does not fail the lookup: what is stored is still
returned, and the failure is named in the outcome (the gateway has written it to the failure
log).
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from itertools import groupby

import msgspec

from mhc.domain.chatlog import ChatLog, PasteKind, parse_chat_log
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
from mhc.domain.usernames import normalize_username
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
from mhc.services.paste import read_chat_log
from mhc.services.people import find_or_create_person, held_in_batch_order

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


class NewName(msgspec.Struct, frozen=True, kw_only=True):
    """A name the panel has never seen, and where the lookup read it."""

    username: str
    found_as: list[str]


class LookupProfile(PersonProfile, frozen=True, kw_only=True):
    """A person a lookup found, and where it read them ("typed", or a place in the paste:
    speaker, tip, mention, url, list, field)."""

    found_as: list[str]


class LookupOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """Known people in the order they were found, then the names never seen."""

    people: list[LookupProfile]
    new_names: list[NewName]
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


TYPED = "typed"


def wanted_names(
    request: LookupRequest, log: ChatLog | None, *, owner: str | None = None
) -> dict[str, list[str]]:
    """The typed username, then every name read from the paste (`log`), each with where it was
    read; normalised, de-duplicated, never the owner.

    InvalidInput (naming the field) when there is none, or more than MAX_LOOKUP_NAMES.
    """
    names: dict[str, list[str]] = {}
    typed = None
    if request.username is not None and request.username.strip():
        typed = normalize_username(request.username)
        names[typed] = [TYPED]
    for found in log.names if log is not None else ():
        names.setdefault(found.username, []).extend(s.value for s in found.sources)
    names.pop(owner or "", None)
    field = "pasted_text" if request.pasted_text else "username"
    if not names:
        if typed is not None and typed == owner:
            message = f"{owner} is the broadcaster: the Hudson page shows the room"
            raise InvalidInput(message, field="username")
        raise InvalidInput("no username found: type one or paste a chat", field=field)
    if len(names) > MAX_LOOKUP_NAMES:
        raise InvalidInput(
            f"at most {MAX_LOOKUP_NAMES} usernames per lookup, found {len(names)}", field=field
        )
    return names


def wanted_usernames(request: LookupRequest, *, owner: str | None = None) -> list[str]:
    """The names a lookup looks up, in order (the paste read without the panel's help)."""
    log = parse_chat_log(request.pasted_text, owner=owner) if request.pasted_text else None
    return list(wanted_names(request, log, owner=owner))


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
        broadcaster: str,
    ) -> None:
        self._uow_factory = uow_factory
        self._read_models = read_models
        self._exclusion = exclusion
        self._clock = clock
        self._failure_log = failure_log
        self._capture = capture
        self._statbate_configured = statbate_configured
        self._freshness = statbate_freshness
        self._owner = normalize_username(broadcaster)

    async def lookup(self, request: LookupRequest) -> LookupOutcome:
        log = None
        if request.pasted_text:
            log = await read_chat_log(
                request.pasted_text,
                owner=self._owner,
                kind=PasteKind.PUBLIC,
                read_models=self._read_models,
            )
        names = wanted_names(request, log, owner=self._owner)
        excluded = [name for name in names if self._exclusion.is_excluded(name)]
        allowed = [name for name in names if name not in excluded]
        known = await self._known(allowed, request.role)
        # A person flagged excluded in the database (an alias of one, say) is left out too.
        excluded.extend(dict.fromkeys(k.username for k in known.values() if k.is_excluded))
        new = [name for name in allowed if name not in known]
        failures: list[LookupFailure] = []
        used: list[StatbateUse] = []
        if request.include_statbate:
            persons = [k for k in _unique(known, allowed) if not k.is_excluded]
            unseen = [(name, request.role or Role.UNKNOWN) for name in new]
            failures, used, fetched = await self._capture_statbate(persons, unseen)
            if new:
                # Statbate knew some of them: the capture stored them, so they are people now.
                known.update(
                    await self._read_models.find_persons(new, platform=Platform.CHATURBATE)
                )
                new = [name for name in new if name not in known]
            for person in _unique(known, allowed):
                for source in _sources(person.role):
                    result = fetched.get((person.username, source))
                    if result is not None and result.outcome is not CaptureOutcome.EXCLUDED:
                        used.append(_use(person, source, result))
        persons = [k for k in _unique(known, allowed) if not k.is_excluded]
        bundles = await self._read_models.person_bundles(
            [p.id for p in persons],
            interactions_limit=ROOM_INTERACTIONS if request.include_my_room_data else 0,
        )
        found_as: dict[int, list[str]] = {}
        for name in allowed:
            if name in known:
                places = found_as.setdefault(known[name].id, [])
                places.extend(place for place in names[name] if place not in places)
        people = [
            LookupProfile(
                **msgspec.structs.asdict(
                    profile_from_bundle(b, with_room_data=request.include_my_room_data)
                ),
                found_as=found_as[b.person.id],
            )
            for b in bundles
        ]
        return LookupOutcome(
            people=people,
            new_names=[NewName(username=name, found_as=names[name]) for name in new],
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

    async def _known(self, names: Sequence[str], role: Role | None) -> dict[str, Known]:
        """The persons the panel knows among `names` (by username or alias); nobody is created.

        Known persons are only read: a lookup is not a sighting, so it leaves last_seen_at
        alone, unless a role override has to be recorded (that goes through find-or-create).
        """
        known: dict[str, Known] = dict(
            await self._read_models.find_persons(names, platform=Platform.CHATURBATE)
        )
        if role is not None and known:
            try:
                known.update(await self._find_or_create(list(known), role))
            except Conflict:
                # A concurrent request changed one of these persons first: read them again.
                known.update(await self._find_or_create(list(known), role))
        return known

    async def _find_or_create(self, names: Sequence[str], role: Role) -> dict[str, Known]:
        async with self._uow_factory() as uow:
            found: dict[str, Known] = {
                name: await find_or_create_person(
                    uow, self._exclusion, self._clock, name, role=role
                )
                for name in await held_in_batch_order(uow, names)
            }
            await uow.commit()
        return found

    async def _capture_statbate(
        self, persons: Sequence[Known], unseen: Sequence[tuple[str, Role]]
    ) -> tuple[
        list[LookupFailure], list[StatbateUse], dict[tuple[str, SnapshotSource], CaptureResult]
    ]:
        """Capture the known `persons` whose snapshots are stale (fresh ones are reused, named
        in the uses) and the `unseen` names (with the role they are looked up as): members in
        one batch, models one by one. The failures, the reused snapshots, and what was fetched
        by (username, source)."""
        if not persons and not unseen:
            return [], [], {}
        if not await self._statbate_configured():
            message = (
                "needs Statbate: no Statbate API token is set (Connections page, or "
                "STATBATE_API_TOKEN)"
            )
            await self._failure_log.record(
                NewApiFailure(service=STATBATE, endpoint="lookup", status=None, message=message)
            )
            return [LookupFailure(service=STATBATE, message=message)], [], {}
        capture = self._capture
        failures: list[LookupFailure] = []
        wanted = [(p, source) for p in persons for source in _sources(p.role)]
        latest = await self._latest_captures(wanted)
        now = self._clock.now()
        reused = [
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
        fresh = {(use.person_id, use.source) for use in reused}
        stale = [(p.username, source) for p, source in wanted if (p.id, source) not in fresh]
        stale += [(name, source) for name, role in unseen for source in _sources(role)]
        members = [name for name, source in stale if source is SnapshotSource.STATBATE_MEMBER]
        models = [name for name, source in stale if source is SnapshotSource.STATBATE_MODEL]
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
        return failures, reused, {(r.username, r.source): r for r in results}

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


def _sources(role: Role) -> list[SnapshotSource]:
    """The Statbate snapshots a person of `role` has: member, model, or both."""
    sources = [SnapshotSource.STATBATE_MEMBER] if role != Role.MODEL else []
    if role in (Role.MODEL, Role.BOTH):
        sources.append(SnapshotSource.STATBATE_MODEL)
    return sources


def _failed(results: Sequence[CaptureResult]) -> list[LookupFailure]:
    return [
        LookupFailure(service=STATBATE, message=f"{r.username}: {r.detail or 'failed'}")
        for r in results
        if r.outcome == CaptureOutcome.FAILED
    ]


def _unique(known: dict[str, Known], names: Sequence[str]) -> list[Known]:
    """The persons of `names` in order, each once (a username and its alias are one person)."""
    unique: dict[int, Known] = {}
    for name in names:
        if name in known:
            unique.setdefault(known[name].id, known[name])
    return list(unique.values())
