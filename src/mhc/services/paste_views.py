"""What the paste use cases answer: a preview of a paste, and what saving it did."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

import msgspec

from mhc.domain.chatlog import ChatLog, PasteFormat, TipMenuItem
from mhc.domain.chatlog.saving import PastePlan, PlannedMessage
from mhc.domain.models import InteractionType

LineStatus = Literal["new", "stored", "recorded"]
# Lines a preview lists (the counts cover them all).
PREVIEW_LINES = 300


class PasteLine(msgspec.Struct, frozen=True, kw_only=True):
    """A message as saving would store it; `status` says whether it is new, stored already
    (saved from a paste before) or recorded live (by the Events API)."""

    line: int
    person: str
    speaker: str
    type: InteractionType
    content: str | None
    from_owner: bool
    occurred_at: datetime
    time_known: bool
    tokens: int | None
    session_id: int | None
    status: LineStatus

    @classmethod
    def of(cls, planned: PlannedMessage, status: LineStatus) -> PasteLine:
        return cls(
            line=planned.line,
            person=planned.person,
            speaker=planned.speaker,
            type=planned.type,
            content=planned.content,
            from_owner=planned.from_owner,
            occurred_at=planned.occurred_at,
            time_known=planned.time_known,
            tokens=planned.tokens,
            session_id=planned.session_id,
            status="stored"
            if status == "stored"
            else "recorded"
            if status == "recorded"
            else "new",
        )


class PastePerson(msgspec.Struct, frozen=True, kw_only=True):
    """Someone a paste stores messages for: known to the panel (`person_id`) or new."""

    username: str
    person_id: int | None
    is_new: bool
    messages: int
    tips: int
    new_messages: int


class PastePreview(msgspec.Struct, frozen=True, kw_only=True):
    formats: list[PasteFormat]
    lines: int
    messages: int
    tips: int
    tip_menu_items: int
    noise: int
    unparsed: int
    new: int
    stored: int
    recorded: int
    # The owner's PM/DM lines with nobody to attach them to, and excluded names left out.
    orphans: int
    excluded: list[str]
    people: list[PastePerson]
    room: str | None
    tip_menu_model: str | None
    tip_menu: list[TipMenuItem]
    # Whether saving stores the tip menu (it was not seen the same that day before).
    tip_menu_new: bool
    timed: bool
    day: date
    session_id: int | None
    time_zone: str
    sample: list[PasteLine]

    @classmethod
    def of(
        cls,
        log: ChatLog,
        plan: PastePlan,
        lines: Sequence[PasteLine],
        people: list[PastePerson],
        *,
        day: date,
        session_id: int | None,
        time_zone: str,
        tip_menu_new: bool,
    ) -> PastePreview:
        def count(status: LineStatus) -> int:
            return sum(1 for line in lines if line.status == status)

        return cls(
            formats=list(log.formats),
            lines=log.lines,
            messages=sum(1 for m in plan.messages if m.type is not InteractionType.TIP),
            tips=sum(1 for m in plan.messages if m.type is InteractionType.TIP),
            tip_menu_items=len(log.tip_menu),
            noise=log.noise,
            unparsed=log.unparsed,
            new=count("new"),
            stored=count("stored"),
            recorded=count("recorded"),
            orphans=plan.orphans,
            excluded=list(plan.excluded),
            people=people,
            room=log.room,
            tip_menu_model=plan.menu.model if plan.menu else None,
            tip_menu=list(plan.menu.items) if plan.menu else [],
            tip_menu_new=tip_menu_new,
            timed=any(line.time_known for line in lines),
            day=day,
            session_id=session_id,
            time_zone=time_zone,
            sample=list(lines[:PREVIEW_LINES]),
        )


class PasteSaved(msgspec.Struct, frozen=True, kw_only=True):
    """What a save stored: `stored` new messages; `already_stored` saved before; `recorded`
    left out as the Events API has them; `created` the people new to the panel."""

    stored: int
    already_stored: int
    recorded: int
    created: list[str]
    people: list[PastePerson]
    tip_menu_stored: bool
    day: date
    session_id: int | None


def people_of(
    plan: PastePlan, lines: Sequence[PasteLine], ids: dict[str, int], new: set[str]
) -> list[PastePerson]:
    """Everyone the paste stores something for, in order of first appearance, with their id
    where they have one and whether the panel had never seen them (`new`)."""
    people: dict[str, list[int]] = {}
    for line in lines:
        counts = people.setdefault(line.person, [0, 0, 0])
        counts[1 if line.type is InteractionType.TIP else 0] += 1
        counts[2] += line.status == "new"
    if plan.menu is not None:
        people.setdefault(plan.menu.model, [0, 0, 0])
    return [
        PastePerson(
            username=name,
            person_id=ids.get(name),
            is_new=name in new,
            messages=counts[0],
            tips=counts[1],
            new_messages=counts[2],
        )
        for name, counts in people.items()
    ]
