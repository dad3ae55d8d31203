"""The tip-history backfill: the owner's room's tips from Statbate, page by page.

It only keeps tips older than the first interaction the Events API delivered for the room: from
then on the worker records every tip live, and a tip must not count twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import UTC, datetime, timedelta

from mhc.domain.backfills import BackfillParams, parse_statbate_time, tip_source_event_id
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import InteractionSource, InteractionType, NewInteraction, Role
from mhc.domain.usernames import normalize_username
from mhc.ports.backfills import RoomHistory
from mhc.ports.clock import Clock
from mhc.ports.gateways import Fetched, ModelTip, StatbateGateway, TimeRange
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.backfills.progress import ProgressReporter
from mhc.services.people import find_or_create_person, held_in_batch_order

# Statbate's largest page.
TIPS_PER_PAGE = 200
# A tip history without a start goes back to before Statbate existed.
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)

# A readable tip: tipper, moment, tokens, the tip, and its raw item as Statbate sent it.
_Tip = tuple[str, datetime, int, ModelTip, object]


class TipHistoryRunner:
    """Fetches the room's tip pages up to the live record and stores them as TIP interactions.

    A page that fails is counted and the next one tried; refused credentials, or a first page
    that never comes, end the run.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        room_history: RoomHistory,
        statbate: StatbateGateway,
        exclusion: ExclusionPolicy,
        clock: Clock,
        *,
        broadcaster: str,
        site: str,
        erased_among: Callable[[Collection[str]], Awaitable[set[str]]],
    ) -> None:
        self._uow_factory = uow_factory
        self._erased_among = erased_among
        self._room_history = room_history
        self._statbate = statbate
        self._exclusion = exclusion
        self._clock = clock
        self._broadcaster = broadcaster
        self._site = site

    async def run(self, params: BackfillParams, progress: ProgressReporter) -> None:
        room = params.room or self._broadcaster
        live_start = await self._room_history.live_history_start(room)
        if live_start is not None:
            # Statbate gives tips to the second: one in the same second as the first live event
            # may be either side of it, and is left to the live record.
            live_start = live_start.replace(microsecond=0)
        end = min(m for m in (params.until, live_start, self._clock.now()) if m is not None)
        start = params.since or _EARLIEST
        if start >= end:
            await progress.set_total(0)
            return
        pages = _TipPages(self._statbate, self._site, room, TimeRange(start, end))
        first = await pages.fetch(1)
        if first is None:
            raise NotFound(f"statbate: model {room} not found on {self._site}")
        last_page = first.pagination.last_page if first.pagination else None
        await progress.set_total(max(1, last_page or 1))
        tips = _TipWriter(
            self._uow_factory,
            self._exclusion,
            room,
            end,
            leave_out=None if params.include_erased else self._erased_among,
        )
        await progress.add(done=1, counts=await tips.store(first))
        for number in range(2, (progress.total or 1) + 1):
            try:
                page = await pages.fetch(number)
            except ExternalAuthError:
                raise
            except ExternalServiceError as exc:
                await progress.add(failed=1, counts={"failed_pages": 1}, error=str(exc))
                continue
            counts = await tips.store(page) if page is not None else {}
            await progress.add(done=1, counts=counts)


class _TipPages:
    """Pages of a room's tip history over one interval, in UTC."""

    def __init__(self, statbate: StatbateGateway, site: str, room: str, span: TimeRange) -> None:
        self._statbate = statbate
        self._site = site
        self._room = room
        # Statbate's bounds are whole seconds and inclusive: the last second before the end.
        end = span.end.replace(microsecond=0)
        self._range = TimeRange(span.start, end if end < span.end else end - timedelta(seconds=1))

    async def fetch(self, number: int) -> Fetched[list[ModelTip]] | None:
        return await self._statbate.get_model_tips(
            self._site,
            self._room,
            range=self._range,
            timezone="UTC",
            page=number,
            per_page=TIPS_PER_PAGE,
        )


class _TipWriter:
    """Stores pages of a room's tip history as TIP interactions of their tippers."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        exclusion: ExclusionPolicy,
        room: str,
        end: datetime,
        *,
        leave_out: Callable[[Collection[str]], Awaitable[set[str]]] | None,
    ) -> None:
        self._leave_out = leave_out
        self._uow_factory = uow_factory
        self._exclusion = exclusion
        self._room = room
        self._end = end
        # Identical tips (same tipper, second and amount) seen so far in this run.
        self._seen: Counter[tuple[str, datetime, int]] = Counter()

    async def store(self, page: Fetched[list[ModelTip]]) -> dict[str, int]:
        """Store one page; counts of what became of its tips."""
        raw_items = page.raw.get("data")
        raws = raw_items if isinstance(raw_items, list) and len(raw_items) == len(page.data) else []
        readable: list[_Tip] = []
        counts: Counter[str] = Counter(fetched=len(page.data))
        for position, tip in enumerate(page.data):
            at = parse_statbate_time(tip.time)
            tipper = _username_or_none(tip.name)
            if at is None or tipper is None or tip.tokens is None:
                counts["unreadable"] += 1
            elif at >= self._end:
                # The worker has it from the Events API (or it is after the asked-for end).
                counts["recorded_live"] += 1
            else:
                raw = raws[position] if raws else None
                readable.append((tipper, at, tip.tokens, tip, raw))
        if readable and self._leave_out is not None:
            # Tips of people an erasure forgot stay out: the summary counts them.
            erased = await self._leave_out({tip[0] for tip in readable})
            if erased:
                kept = [tip for tip in readable if tip[0] not in erased]
                counts["skipped_erased"] += len(readable) - len(kept)
                readable = kept
        if readable:
            stored = await self._store_readable(readable)
            counts["stored"] += stored
            counts["already_stored"] += len(readable) - stored
        return dict(counts)

    async def _store_readable(self, tips: Sequence[_Tip]) -> int:
        async with self._uow_factory() as uow:
            people = await self._tippers(uow, tips)
            interactions = []
            for tipper, at, tokens, tip, raw in tips:
                key = (tipper, at, tokens)
                self._seen[key] += 1
                interactions.append(
                    NewInteraction(
                        person_id=people[tipper],
                        type=InteractionType.TIP,
                        content=None,
                        occurred_at=at,
                        source=InteractionSource.STATBATE,
                        metadata={
                            "tokens": tokens,
                            "usd": tip.usd,
                            "room": self._room,
                            "statbate_did": tip.did,
                            "raw": raw,
                        },
                        source_event_id=tip_source_event_id(
                            self._room, tipper, at, tokens, self._seen[key]
                        ),
                    )
                )
            stored = await uow.interactions.add_many(interactions)
            await uow.commit()
        return stored

    async def _tippers(self, uow: UnitOfWork, tips: Sequence[_Tip]) -> dict[str, int]:
        """Each tipper's person id, created as first seen at their earliest tip of the page."""
        earliest: dict[str, datetime] = {}
        dids: dict[str, int] = {}
        for tipper, at, _, tip, _ in tips:
            earliest[tipper] = min(at, earliest.get(tipper, at))
            if tip.did is not None:
                dids[tipper] = tip.did
        latest: dict[str, datetime] = {}
        for tipper, at, _, _, _ in tips:
            latest[tipper] = max(at, latest.get(tipper, at))
        people: dict[str, int] = {}
        for tipper in await held_in_batch_order(uow, earliest):
            first = earliest[tipper]
            person = await find_or_create_person(
                uow, self._exclusion, _At(first), tipper, role=Role.VIEWER
            )
            if latest[tipper] > first:
                person = await uow.people.touch(person.id, role=person.role, seen_at=latest[tipper])
            if tipper in dids:
                await uow.people.set_external_ids(person.id, rid=None, did=dids[tipper])
            people[tipper] = person.id
        return people


class _At:
    """A clock stopped at one moment: a tipper backfilled from history was seen when they
    tipped, not when the backfill ran."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def now(self) -> datetime:
        return self._moment


def _username_or_none(name: str | None) -> str | None:
    try:
        return normalize_username(name or "")
    except InvalidInput:
        return None
