"""Pasted chat: read it, preview what saving it stores, and save it.

Reading asks the panel about names that would make more lines readable (a speaker whose colon
was lost). Saving stores each message as an interaction of its kind (source `paste`) on its
speaker, the owner's PM and DM lines on the other party, at its moment in the owner's zone and
in the show it falls in. Saving the same paste again adds nothing (each message has a stable
key), and a message the Events API recorded already is not stored again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from mhc.domain.chatlog import ChatLog, PasteKind, parse_chat_log
from mhc.domain.chatlog.saving import PastePlan, PlannedMenu, PlannedMessage, plan_paste
from mhc.domain.chatlog.timing import ShowSpan, settle
from mhc.domain.errors import InvalidInput
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import (
    InteractionSource,
    InteractionType,
    JsonObject,
    NewInteraction,
    Platform,
    Role,
    StreamSession,
)
from mhc.domain.usernames import normalize_username
from mhc.ports.chatlog import ChatRecords, LiveProbe
from mhc.ports.clock import Clock
from mhc.ports.read_models import ReadModels
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.guards import require_session
from mhc.services.paste_views import LineStatus, PasteLine, PastePreview, PasteSaved, people_of
from mhc.services.people import find_or_create_person, held_in_batch_order

# Shows looked through for the one a paste falls in.
RECENT_SHOWS = 200
# How far apart a pasted message and the same message from the Events API may be.
LIVE_WINDOW = timedelta(minutes=2)


class PasteRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A paste and how to read it: `kind` for lines that do not say; `day` (in `timezone`, the
    owner's by default) for clock times without a date, else the show they fall in; `session_id`
    the show to put it in; `counterpart` the other party of its PMs and DMs; `room` the model
    whose tip menu it shows."""

    text: str
    kind: PasteKind = PasteKind.PUBLIC
    day: date | None = None
    session_id: int | None = None
    timezone: str | None = None
    counterpart: str | None = None
    room: str | None = None


class _Reading(msgspec.Struct, frozen=True, kw_only=True):
    log: ChatLog
    plan: PastePlan
    day: date
    session: ShowSpan | None
    zone: ZoneInfo
    known: dict[str, tuple[int, bool]]


async def read_chat_log(
    text: str, *, owner: str, kind: PasteKind, read_models: ReadModels
) -> ChatLog:
    """Parse a paste; names the panel knows then read the lines that lost their colon."""
    log = parse_chat_log(text, owner=owner, kind=kind)
    if log.candidates:
        known = await read_models.find_persons(log.candidates, platform=Platform.CHATURBATE)
        if known:
            log = parse_chat_log(text, owner=owner, kind=kind, known_names=known.keys())
    return log


class PasteService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        read_models: ReadModels,
        records: ChatRecords,
        exclusion: ExclusionPolicy,
        clock: Clock,
        *,
        broadcaster: str,
        timezone: str,
    ) -> None:
        self._uow_factory = uow_factory
        self._read_models = read_models
        self._records = records
        self._exclusion = exclusion
        self._clock = clock
        self._owner = normalize_username(broadcaster)
        self._timezone = timezone

    async def parse(self, text: str, kind: PasteKind = PasteKind.PUBLIC) -> ChatLog:
        return await read_chat_log(
            text, owner=self._owner, kind=kind, read_models=self._read_models
        )

    async def preview(self, request: PasteRequest) -> PastePreview:
        """What saving would store, each message marked new, stored already, or recorded live."""
        reading = await self._read(request)
        status = await self._status(reading)
        plan = reading.plan
        lines = [PasteLine.of(planned, status.get(planned.key, "new")) for planned in plan.messages]
        return PastePreview.of(
            reading.log,
            plan,
            lines,
            people_of(plan, lines, _ids(reading.known), _new(plan, reading.known)),
            day=reading.day,
            session_id=reading.session.id if reading.session else None,
            time_zone=reading.zone.key,
            tip_menu_new=plan.menu is not None and plan.menu.key not in status,
        )

    async def save(self, request: PasteRequest) -> PasteSaved:
        """Store what is new; InvalidInput (and nothing stored) when the paste holds nothing."""
        reading = await self._read(request)
        plan = reading.plan
        if not plan.messages and plan.menu is None:
            raise InvalidInput("nothing to save: no message, tip or tip-menu item", field="text")
        status = await self._status(reading)
        recorded = [m for m in plan.messages if status.get(m.key) == "recorded"]
        fresh = [m for m in plan.messages if status.get(m.key) != "recorded"]
        ids, stored, menu_stored = await self._store(reading, fresh)
        lines = [PasteLine.of(m, status.get(m.key, "new")) for m in plan.messages]
        new = _new(plan, reading.known)
        return PasteSaved(
            stored=stored,
            already_stored=len(fresh) - stored,
            recorded=len(recorded),
            created=[name for name in ids if name in new],
            people=people_of(plan, lines, {**_ids(reading.known), **ids}, new),
            tip_menu_stored=menu_stored,
            day=reading.day,
            session_id=reading.session.id if reading.session else None,
        )

    # ---- reading ---------------------------------------------------------------------------

    async def _read(self, request: PasteRequest) -> _Reading:
        if not request.text.strip():
            raise InvalidInput("paste some chat first", field="text")
        zone = _zone(request.timezone or self._timezone)
        counterpart = _name(request.counterpart, "counterpart")
        room = _name(request.room, "room")
        log = await self.parse(request.text, request.kind)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            chosen = (
                await require_session(uow, request.session_id)
                if request.session_id is not None
                else None
            )
            shows = [_span(s) for s in await uow.sessions.list(self._owner, limit=RECENT_SHOWS)]
        in_show = request.kind is not PasteKind.DM
        if chosen is not None:
            shows = [s for s in shows if s.id != chosen.id] + [_span(chosen)]
        times = settle(
            log.messages,
            shows,
            zone,
            now,
            in_show=in_show,
            day=request.day,
            chosen=_span(chosen) if chosen else None,
        )
        names = _everyone(log, counterpart, room, self._owner)
        found = await self._read_models.find_persons(names, platform=Platform.CHATURBATE)
        known = {name: (view.id, view.is_excluded) for name, view in found.items()}
        plan = plan_paste(
            log,
            owner=self._owner,
            instants=times.instants,
            anchor=times.anchor,
            anchor_show=times.show,
            shows=shows if in_show else [],
            now=now,
            is_excluded=lambda name: (
                self._exclusion.is_excluded(name) or known.get(name, (0, False))[1]
            ),
            counterpart=counterpart,
            room=room,
        )
        return _Reading(
            log=log, plan=plan, day=times.day, session=times.show, zone=zone, known=known
        )

    async def _status(self, reading: _Reading) -> dict[str, LineStatus]:
        """Each planned message's key mapped to "stored" or "recorded" when it is not new."""
        plan = reading.plan
        keys = [m.key for m in plan.messages]
        if plan.menu is not None:
            keys.append(plan.menu.key)
        stored = await self._records.stored_keys(keys)
        status: dict[str, LineStatus] = dict.fromkeys(stored, "stored")
        probes: list[tuple[str, LiveProbe]] = []
        for message in plan.messages:
            if message.key in stored:
                continue
            window = _window(message, reading.session)
            if window is not None:
                probes.append((message.key, _probe(message, *window)))
        found = await self._records.recorded_elsewhere([probe for _, probe in probes])
        status.update({probes[index][0]: "recorded" for index in found})
        return status

    # ---- saving ----------------------------------------------------------------------------

    async def _store(
        self, reading: _Reading, messages: Sequence[PlannedMessage]
    ) -> tuple[dict[str, int], int, bool]:
        """Create the people (seen when their messages were), store the messages and the menu
        in one transaction; (the people's ids, messages stored, whether the menu was new)."""
        plan = reading.plan
        seen: dict[str, list[datetime]] = {}
        for message in messages:
            seen.setdefault(message.person, []).append(message.occurred_at)
        if plan.menu is not None:
            seen.setdefault(plan.menu.model, []).append(plan.menu.seen_at)
        models = {self._owner} | ({plan.menu.model} if plan.menu else set())
        async with self._uow_factory() as uow:
            ids: dict[str, int] = {}
            for name in await held_in_batch_order(uow, seen):
                moments = seen[name]
                role = Role.MODEL if name in models else Role.UNKNOWN
                person = await find_or_create_person(
                    uow, self._exclusion, self._clock, name, role=role, seen_at=min(moments)
                )
                if max(moments) > min(moments):
                    person = await uow.people.touch(person.id, role=role, seen_at=max(moments))
                if not person.is_excluded:
                    ids[name] = person.id
            room = plan.menu.model if plan.menu else (reading.log.room or self._owner)
            rows = [
                _interaction(m, ids[m.person], self._owner, room, reading.log)
                for m in messages
                if m.person in ids
            ]
            stored = await uow.interactions.add_many(rows)
            menu_stored = False
            if plan.menu is not None and plan.menu.model in ids:
                menu_stored = (
                    await uow.interactions.add(_menu_interaction(plan.menu, ids[plan.menu.model]))
                    is not None
                )
            await uow.commit()
        return ids, stored, menu_stored


def _interaction(
    message: PlannedMessage, person_id: int, owner: str, room: str, log: ChatLog
) -> NewInteraction:
    metadata: JsonObject = {
        "fromOwner": message.from_owner,
        "speaker": message.speaker,
        "line": message.line,
        "clock": message.clock,
        "timeKnown": message.time_known,
        "room": room,
    }
    if message.type is InteractionType.TIP:
        metadata["tokens"] = message.tokens
        metadata["isAnon"] = False
    if message.type in (InteractionType.PRIVATE_MESSAGE, InteractionType.DIRECT_MESSAGE):
        metadata["fromUser"] = message.speaker
        metadata["toUser"] = message.person if message.from_owner else owner
    return NewInteraction(
        person_id=person_id,
        type=message.type,
        content=message.content,
        occurred_at=message.occurred_at,
        source=InteractionSource.PASTE,
        metadata=metadata,
        stream_session_id=message.session_id,
        source_event_id=message.key,
    )


def _menu_interaction(menu: PlannedMenu, person_id: int) -> NewInteraction:
    return NewInteraction(
        person_id=person_id,
        type=InteractionType.TIP_MENU,
        content=" · ".join(f"{item.item} ({item.price})" for item in menu.items),
        occurred_at=menu.seen_at,
        source=InteractionSource.PASTE,
        metadata={
            "room": menu.model,
            "items": [{"item": item.item, "price": item.price} for item in menu.items],
        },
        source_event_id=menu.key,
    )


def _window(message: PlannedMessage, show: ShowSpan | None) -> tuple[datetime, datetime] | None:
    """Where to look for the same message recorded live: two minutes either side of its time;
    for a line without a time, the show it was put in; None when there is neither."""
    if message.time_known:
        return message.occurred_at - LIVE_WINDOW, message.occurred_at + LIVE_WINDOW
    if message.session_id is not None and show is not None and show.id == message.session_id:
        return show.started_at, message.occurred_at + LIVE_WINDOW
    return None


def _probe(message: PlannedMessage, since: datetime, until: datetime) -> LiveProbe:
    return LiveProbe(
        username=message.person,
        type=message.type,
        content=message.content,
        tokens=message.tokens,
        since=since,
        until=until,
    )


def _ids(known: dict[str, tuple[int, bool]]) -> dict[str, int]:
    return {name: person_id for name, (person_id, _) in known.items()}


def _new(plan: PastePlan, known: dict[str, tuple[int, bool]]) -> set[str]:
    """The people a paste stores something for whom the panel has never seen."""
    names = {m.person for m in plan.messages} | ({plan.menu.model} if plan.menu else set())
    return names - known.keys()


def _everyone(log: ChatLog, counterpart: str | None, room: str | None, owner: str) -> list[str]:
    """Every name a paste may store something for, to ask the panel about at once."""
    names = {m.speaker for m in log.messages} | {owner}
    names |= {name for name in (counterpart, room, log.room) if name}
    return sorted(names)


def _span(session: StreamSession) -> ShowSpan:
    return ShowSpan(id=session.id, started_at=session.started_at, ended_at=session.ended_at)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"{name!r} is not a time zone (an IANA name)", field="time_zone"
        ) from None


def _name(raw: str | None, field: str) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return normalize_username(raw)
    except InvalidInput as exc:
        raise InvalidInput(str(exc), field=field) from None
