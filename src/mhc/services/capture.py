"""Capturing external stats into snapshots, and importing chat history into interactions.

The HTTP calls happen outside any transaction (a slow API must not hold a database
connection); the results are then stored in one unit of work. Excluded people are never sent
to Statbate: a single capture of one refuses with InvalidInput (Conflict when asked by a stored
person's id), a batch skips them.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime, timedelta

import msgspec

from mhc.domain.errors import Conflict, ExternalServiceError, InvalidInput
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.lookups import is_not_found
from mhc.domain.models import (
    InteractionSource,
    InteractionType,
    JsonObject,
    Metrics,
    NewInteraction,
    Person,
    Platform,
    Role,
    Snapshot,
    SnapshotSource,
)
from mhc.domain.normalizers import (
    normalize_cb_stats,
    normalize_statbate_member,
    normalize_statbate_model,
)
from mhc.domain.usernames import normalize_username
from mhc.ports.clock import Clock
from mhc.ports.gateways import (
    CbStatsGateway,
    ChatHistoryGateway,
    ChatHistoryMessage,
    StatbateGateway,
)
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import require_person
from mhc.services.people import (
    find_or_create_person,
    find_person_by_username,
    held_in_batch_order,
)
from mhc.services.profile_metrics import activity_metrics, tag_spending_metrics, top_models_metrics
from mhc.services.snapshots import create_snapshot


class CaptureOutcome(enum.StrEnum):
    CAPTURED = "captured"
    NOT_FOUND = "not_found"
    EXCLUDED = "excluded"
    # The batch endpoint answered with an error for this one name.
    FAILED = "failed"


class CaptureResult(msgspec.Struct, frozen=True, kw_only=True):
    username: str
    source: SnapshotSource
    outcome: CaptureOutcome
    person_id: int | None = None
    snapshot: Snapshot | None = None
    detail: str | None = None


class ProfilePart(enum.StrEnum):
    """The member payloads a Statbate profile capture stores, each as its own snapshot."""

    TAG_SPENDING = "tag_spending"
    TOP_MODELS = "top_models"
    ACTIVITY = "activity"


class ProfilePartResult(msgspec.Struct, frozen=True, kw_only=True):
    part: ProfilePart
    outcome: CaptureOutcome
    snapshot: Snapshot | None = None
    detail: str | None = None


class ProfileCaptureResult(msgspec.Struct, frozen=True, kw_only=True):
    username: str
    # None when nothing was stored (a person is only created for something captured).
    person_id: int | None
    parts: tuple[ProfilePartResult, ...]


# Statbate's largest page: tags beyond it hold too little to change a preference.
PROFILE_TAGS_PER_PAGE = 200


class ChatImportResult(msgspec.Struct, frozen=True, kw_only=True):
    model: str
    fetched: int
    stored: int
    people: int
    # Messages whose sender is not a valid username (kept out rather than guessed at).
    skipped: int
    # Messages of people an erasure forgot, left out (unless the owner asked for them).
    skipped_erased: int = 0


def _sender(message: ChatHistoryMessage) -> str | None:
    try:
        return normalize_username(message.username)
    except InvalidInput:
        return None


def chat_source_event_id(message: ChatHistoryMessage) -> str:
    """A stable id per chat message, so importing the same history twice stores it once."""
    if message.message_id:
        return f"{message.room}:{message.message_id}"
    fingerprint = f"{message.username}|{message.sent_at.isoformat()}|{message.text}"
    return f"{message.room}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"


class CaptureService:
    """Use cases that read Statbate, Chaturbate Stats and Statbate Plus into the panel."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        exclusion: ExclusionPolicy,
        clock: Clock,
        *,
        statbate: StatbateGateway,
        cb_stats: CbStatsGateway,
        chat_history: ChatHistoryGateway,
        broadcaster: str,
        site: str = "chaturbate",
    ) -> None:
        self._uow_factory = uow_factory
        self._exclusion = exclusion
        self._clock = clock
        self._statbate = statbate
        self._cb_stats = cb_stats
        self._chat_history = chat_history
        self._broadcaster = normalize_username(broadcaster)
        self._site = site

    async def capture_member(self, username: str) -> CaptureResult:
        """Snapshot a member's Statbate numbers (and remember their Statbate donor id)."""
        name = await self.check_allowed(username)
        fetched = await self._statbate.get_member_info(self._site, name)
        source = SnapshotSource.STATBATE_MEMBER
        if fetched is None:
            return CaptureResult(username=name, source=source, outcome=CaptureOutcome.NOT_FOUND)
        metrics = normalize_statbate_member(fetched.raw)
        return await self._store_alone(
            name, Role.VIEWER, source, fetched.raw, metrics, did=fetched.data.did
        )

    async def capture_model(self, username: str) -> CaptureResult:
        """Snapshot a model's Statbate numbers (and remember their Statbate room id)."""
        name = await self.check_allowed(username)
        fetched = await self._statbate.get_model_info(self._site, name)
        source = SnapshotSource.STATBATE_MODEL
        if fetched is None:
            return CaptureResult(username=name, source=source, outcome=CaptureOutcome.NOT_FOUND)
        metrics = normalize_statbate_model(fetched.raw)
        return await self._store_alone(
            name, Role.MODEL, source, fetched.raw, metrics, rid=fetched.data.rid
        )

    async def capture_cb_stats(self) -> CaptureResult:
        """Snapshot the broadcaster's own Chaturbate Stats numbers."""
        name = self._broadcaster
        fetched = await self._cb_stats.get_stats(name)
        source = SnapshotSource.CB_STATS
        if fetched is None:
            return CaptureResult(username=name, source=source, outcome=CaptureOutcome.NOT_FOUND)
        metrics = normalize_cb_stats(fetched.raw)
        return await self._store_alone(name, Role.MODEL, source, fetched.raw, metrics)

    async def capture_members_batch(self, usernames: Sequence[str]) -> list[CaptureResult]:
        """Snapshot many members through Statbate's batch endpoint; one result per name.

        Excluded names are skipped without being sent; names Statbate does not know, or
        answers with an error for, come back as NOT_FOUND or FAILED.
        """
        source = SnapshotSource.STATBATE_MEMBER
        names = list(dict.fromkeys(normalize_username(name) for name in usernames))
        excluded = await self._excluded_among(names)
        allowed = [name for name in names if name not in excluded]
        items = {}
        if allowed:
            fetched = await self._statbate.get_member_info_batch(self._site, allowed)
            items = {item.name.lower(): item for item in fetched}
        results: dict[str, CaptureResult] = {
            name: CaptureResult(username=name, source=source, outcome=CaptureOutcome.EXCLUDED)
            for name in excluded
        }
        # One transaction a person: holding one person's row at a time, the batch can never
        # deadlock with the worker's ingestion touching the same people in another order.
        for name in allowed:
            item = items.get(name)
            if item is None or item.info is None:
                not_found = item is None or item.left_out or is_not_found(item.error)
                results[name] = CaptureResult(
                    username=name,
                    source=source,
                    outcome=CaptureOutcome.NOT_FOUND if not_found else CaptureOutcome.FAILED,
                    detail=None if item is None else item.error,
                )
                continue
            metrics = normalize_statbate_member(item.raw)
            results[name] = await self._store_alone(
                name, Role.VIEWER, source, item.raw, metrics, did=item.info.did
            )
        return [results[name] for name in names]

    async def capture_member_profile(self, username: str) -> ProfileCaptureResult:
        """Snapshot a member's Statbate tag spending, top models and activity together.

        Each part is fetched on its own: one Statbate does not know (404) or fails on is
        recorded as such while the others are still stored. Only when every part fails does
        the first failure propagate (the client has logged each one already).
        """
        name = await self.check_allowed(username)
        results: dict[ProfilePart, ProfilePartResult] = {}
        fetched: list[tuple[ProfilePart, JsonObject, Metrics]] = []
        failures: list[ExternalServiceError] = []
        for part in ProfilePart:
            try:
                payload = await self._fetch_profile_part(part, name)
            except ExternalServiceError as exc:
                failures.append(exc)
                results[part] = ProfilePartResult(
                    part=part, outcome=CaptureOutcome.FAILED, detail=str(exc)
                )
                continue
            if payload is None:
                results[part] = ProfilePartResult(part=part, outcome=CaptureOutcome.NOT_FOUND)
            else:
                fetched.append((part, *payload))
        if len(failures) == len(ProfilePart):
            raise failures[0]
        person_id = None
        if fetched:
            async with self._uow_factory() as uow:
                person = await find_or_create_person(
                    uow, self._exclusion, self._clock, name, role=Role.VIEWER
                )
                person_id = person.id
                first = await self._next_profile_moment(uow, person.id)
                # Snapshots are unique per person, source and moment: one microsecond apart.
                for offset, (part, raw, metrics) in enumerate(fetched):
                    snapshot = await create_snapshot(
                        uow,
                        self._clock,
                        person_id=person.id,
                        source=SnapshotSource.STATBATE_PROFILE,
                        raw_payload=raw,
                        normalized_metrics=metrics,
                        captured_at=first + timedelta(microseconds=offset),
                    )
                    results[part] = ProfilePartResult(
                        part=part, outcome=CaptureOutcome.CAPTURED, snapshot=snapshot
                    )
                await uow.commit()
        return ProfileCaptureResult(
            username=name, person_id=person_id, parts=tuple(results[part] for part in ProfilePart)
        )

    async def capture_person_profile(self, person_id: int) -> ProfileCaptureResult:
        """`capture_member_profile` of a stored person; Conflict when they are excluded."""
        async with self._uow_factory() as uow:
            person = await require_person(uow, person_id)
        if person.is_excluded or self._exclusion.is_excluded(person.username):
            raise Conflict(f"{person.username} is excluded and is never sent to Statbate")
        return await self.capture_member_profile(person.username)

    async def import_chat(
        self,
        model: str,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        progress: Callable[[int], Awaitable[None]] | None = None,
        leave_out: Callable[[Collection[str]], Awaitable[set[str]]] | None = None,
    ) -> ChatImportResult:
        """Import a room's Statbate Plus chat history as CHAT_IMPORT interactions.

        Each message gets a stable source event id, so running the import again over the same
        interval adds nothing. `progress` hears how many messages have been fetched so far;
        messages of the senders `leave_out` names (the erased ones) are not stored.
        """
        room = await self.check_allowed(model)
        messages: list[ChatHistoryMessage] = []
        async for message in self._chat_history.iter_chat_history(room, since, until):
            messages.append(message)
            if progress is not None:
                await progress(len(messages))
        interactions: list[NewInteraction] = []
        people: dict[str, Person] = {}
        skipped = skipped_erased = 0
        senders = {sender for message in messages if (sender := _sender(message)) is not None}
        left_out = await leave_out(senders) if leave_out is not None and senders else set()
        async with self._uow_factory() as uow:
            for name in await held_in_batch_order(uow, {room} | (senders - left_out)):
                role = Role.MODEL if name == room else Role.VIEWER
                person = await find_or_create_person(
                    uow, self._exclusion, self._clock, name, role=role
                )
                if name in senders:
                    people[name] = person
            for message in messages:
                sender = _sender(message)
                if sender is None:
                    skipped += 1
                    continue
                if sender in left_out:
                    skipped_erased += 1
                    continue
                interactions.append(_chat_interaction(people[sender], message))
            stored = await uow.interactions.add_many(interactions) if interactions else 0
            await uow.commit()
        return ChatImportResult(
            model=room,
            fetched=len(messages),
            stored=stored,
            people=len(people),
            skipped=skipped,
            skipped_erased=skipped_erased,
        )

    async def check_allowed(self, username: str) -> str:
        """The normalised name; InvalidInput when the person is excluded from paid APIs."""
        name = normalize_username(username)
        if await self._excluded_among([name]):
            raise InvalidInput(
                f"{name} is excluded and is never sent to Statbate", field="username"
            )
        return name

    async def _fetch_profile_part(
        self, part: ProfilePart, name: str
    ) -> tuple[JsonObject, Metrics] | None:
        """The exact payload and its metrics; None when Statbate does not know the member."""
        if part is ProfilePart.TAG_SPENDING:
            tags = await self._statbate.get_member_tag_spending(
                self._site, name, per_page=PROFILE_TAGS_PER_PAGE
            )
            return None if tags is None else (tags.raw, tag_spending_metrics(tags.data))
        if part is ProfilePart.TOP_MODELS:
            models = await self._statbate.get_member_top_models(self._site, name)
            return None if models is None else (models.raw, top_models_metrics(models.data))
        activity = await self._statbate.get_member_activity(self._site, name)
        return None if activity is None else (activity.raw, activity_metrics(activity.data))

    async def _next_profile_moment(self, uow: UnitOfWork, person_id: int) -> datetime:
        """Now, or just after the person's newest profile snapshot when the clock has not moved
        past it (a fixed or coarse clock must not collide with an earlier capture)."""
        now = self._clock.now()
        newest = await uow.snapshots.latest(person_id, SnapshotSource.STATBATE_PROFILE)
        if not newest or newest[0].captured_at < now:
            return now
        return newest[0].captured_at + timedelta(microseconds=1)

    async def _excluded_among(self, names: Sequence[str]) -> set[str]:
        """Names excluded by the configured list or by their stored person (aliases too)."""
        excluded = {name for name in names if self._exclusion.is_excluded(name)}
        async with self._uow_factory() as uow:
            for name in names:
                if name in excluded:
                    continue
                person = await find_person_by_username(uow, name, Platform.CHATURBATE)
                if person is not None and person.is_excluded:
                    excluded.add(name)
        return excluded

    async def _store_alone(
        self,
        name: str,
        role: Role,
        source: SnapshotSource,
        raw: JsonObject,
        metrics: Metrics,
        *,
        rid: int | None = None,
        did: int | None = None,
    ) -> CaptureResult:
        """`_store` in a unit of work of its own, committed."""
        async with self._uow_factory() as uow:
            result = await self._store(uow, name, role, source, raw, metrics, rid=rid, did=did)
            await uow.commit()
        return result

    async def _store(
        self,
        uow: UnitOfWork,
        name: str,
        role: Role,
        source: SnapshotSource,
        raw: JsonObject,
        metrics: Metrics,
        *,
        rid: int | None = None,
        did: int | None = None,
    ) -> CaptureResult:
        """Snapshot `name`'s fetched numbers, creating the person and noting Statbate ids."""
        person = await find_or_create_person(uow, self._exclusion, self._clock, name, role=role)
        if rid is not None or did is not None:
            await uow.people.set_external_ids(person.id, rid=rid, did=did)
        snapshot = await create_snapshot(
            uow,
            self._clock,
            person_id=person.id,
            source=source,
            raw_payload=raw,
            normalized_metrics=metrics,
        )
        return CaptureResult(
            username=person.username,
            source=source,
            outcome=CaptureOutcome.CAPTURED,
            person_id=person.id,
            snapshot=snapshot,
        )


def _chat_interaction(person: Person, message: ChatHistoryMessage) -> NewInteraction:
    return NewInteraction(
        person_id=person.id,
        type=InteractionType.CHAT_IMPORT,
        content=message.text,
        occurred_at=message.sent_at,
        source=InteractionSource.STATBATE_PLUS,
        metadata={
            "room": message.room,
            "statbate_message_id": message.message_id,
            "private": message.is_private,
            "raw": message.raw,
        },
        source_event_id=chat_source_event_id(message),
    )
