"""What saving a paste stores: each message as an interaction of its kind on the right person,
at its moment, in its show, under a key that makes saving the same paste again add nothing."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import msgspec

from mhc.domain.chatlog.model import ChatLog, ChatMessage, MessageKind, TipMenuItem
from mhc.domain.chatlog.timing import ShowSpan, show_at
from mhc.domain.models import InteractionType

TYPES = {
    MessageKind.PUBLIC: InteractionType.CHAT_MESSAGE,
    MessageKind.PM: InteractionType.PRIVATE_MESSAGE,
    MessageKind.DM: InteractionType.DIRECT_MESSAGE,
    MessageKind.TIP: InteractionType.TIP,
}
_THREADS = (MessageKind.PM, MessageKind.DM)


class PlannedMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One message as it will be stored.

    `person` is whom it is attached to: the speaker, or for the owner's own PM or DM the other
    party of the thread. `time_known` is False when the paste gave no time (then `occurred_at`
    is the anchor the owner picked). `key` is the source event id.
    """

    line: int
    person: str
    speaker: str
    type: InteractionType
    content: str | None
    from_owner: bool
    occurred_at: datetime
    time_known: bool
    clock: str | None
    session_id: int | None
    tokens: int | None
    key: str


class PlannedMenu(msgspec.Struct, frozen=True, kw_only=True):
    model: str
    items: tuple[TipMenuItem, ...]
    seen_at: datetime
    key: str


class PastePlan(msgspec.Struct, frozen=True, kw_only=True):
    """What a paste would store; `orphans` counts the owner's PM/DM lines with nobody to go to,
    `excluded` the excluded people whose lines are left out."""

    messages: tuple[PlannedMessage, ...]
    menu: PlannedMenu | None
    orphans: int
    excluded: tuple[str, ...]


def plan_paste(
    log: ChatLog,
    *,
    owner: str,
    instants: Sequence[datetime | None],
    anchor: datetime,
    anchor_show: ShowSpan | None,
    shows: Sequence[ShowSpan],
    now: datetime,
    is_excluded: Callable[[str], bool],
    counterpart: str | None = None,
    room: str | None = None,
) -> PastePlan:
    """The interactions a parsed paste becomes.

    `instants` are the messages' moments (None where the paste had no time: those get
    `anchor`, in `anchor_show`); `counterpart` is the other party of every PM and DM line when
    the owner names one; `room` the model whose tip menu it is when the paste does not say.
    """
    parties = counterpart_of_each(log.messages, counterpart)
    seen: Counter[tuple[object, ...]] = Counter()
    planned: list[PlannedMessage] = []
    excluded: dict[str, None] = {}
    orphans = 0
    for message, instant, party in zip(log.messages, instants, parties, strict=True):
        person = party if message.from_owner and message.kind in _THREADS else message.speaker
        if person is None:
            orphans += 1
            continue
        if is_excluded(person):
            excluded[person] = None
            continue
        moment = instant or anchor
        show = None
        if message.kind is not MessageKind.DM:
            show = show_at(moment, shows, now) if instant is not None else anchor_show
        content = message.note if message.kind is MessageKind.TIP else message.text
        identity = (TYPES[message.kind], person, message.from_owner, content, message.tokens)
        # Untimed lines of the same paste on the same day stay distinct by their rank.
        when = moment.isoformat() if instant is not None else f"day {anchor.date()}"
        rank = seen[(*identity, when)]
        seen[(*identity, when)] += 1
        planned.append(
            PlannedMessage(
                line=message.line,
                person=person,
                speaker=message.speaker,
                type=TYPES[message.kind],
                content=content,
                from_owner=message.from_owner,
                occurred_at=moment,
                time_known=instant is not None,
                clock=message.clock.isoformat() if message.clock else None,
                session_id=show.id if show is not None else None,
                tokens=message.tokens,
                key=_key("paste", *identity, when, rank),
            )
        )
    return PastePlan(
        messages=tuple(planned),
        menu=_menu(log, owner, room, planned, anchor, is_excluded),
        orphans=orphans,
        excluded=tuple(excluded),
    )


def counterpart_of_each(
    messages: Sequence[ChatMessage], counterpart: str | None
) -> list[str | None]:
    """For each message, the other party of its PM or DM thread (None for other kinds, or when
    there is nobody): the one named, else the nearest other speaker of the same kind before it,
    else after it."""
    parties: list[str | None] = [None] * len(messages)
    for kind in _THREADS:
        last: str | None = None
        waiting: list[int] = []
        for index, message in enumerate(messages):
            if message.kind is not kind:
                continue
            if message.from_owner:
                if counterpart or last:
                    parties[index] = counterpart or last
                else:
                    waiting.append(index)
            else:
                last = parties[index] = message.speaker
                for early in waiting:
                    parties[early] = last
                waiting = []
    return parties


def _menu(
    log: ChatLog,
    owner: str,
    room: str | None,
    planned: Sequence[PlannedMessage],
    anchor: datetime,
    is_excluded: Callable[[str], bool],
) -> PlannedMenu | None:
    if not log.tip_menu:
        return None
    model = room or log.room or owner
    if is_excluded(model):
        return None
    seen_at = max((m.occurred_at for m in planned if m.time_known), default=anchor)
    items = tuple(log.tip_menu)
    prices = tuple((item.item, item.price) for item in items)
    return PlannedMenu(
        model=model, items=items, seen_at=seen_at, key=_key("menu", model, prices, seen_at.date())
    )


def _key(*parts: object) -> str:
    """A stable id for a pasted message: the same message of the same paste, the same key."""
    text = "\x1f".join(str(part) for part in parts)
    return "paste:" + hashlib.sha256(text.encode()).hexdigest()[:40]
