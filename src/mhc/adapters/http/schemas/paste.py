"""Bodies of pasted chat: parse, preview and save (controllers/paste.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from mhc.adapters.http.schemas.common import NOT_BLANK, Body, Id, Username
from mhc.domain.chatlog import MessageKind, NameSource, PasteFormat, PasteKind
from mhc.domain.models import InteractionType

# A paste of up to about a megabyte (the body limit refuses more with 413).
PasteText = Annotated[str, msgspec.Meta(min_length=1, max_length=1_000_000, pattern=NOT_BLANK)]
TimeZoneName = Annotated[
    str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_+\-/]*$")
]


class PasteParseRequest(Body):
    """`kind` is what the paste is, for the lines that do not say it themselves."""

    text: PasteText
    kind: PasteKind = PasteKind.PUBLIC


class PasteRequest(Body):
    """A paste to preview or save.

    `day` (in `timeZone`, the owner's by default) dates clock times that have no date; without
    it the show they fall in is found. `sessionId` puts the paste in that show. `counterpart`
    is the other party of the paste's PMs and DMs when it is not the one other speaker;
    `room` the model whose tip menu the paste shows.
    """

    text: PasteText
    kind: PasteKind = PasteKind.PUBLIC
    day: date | None = None
    session_id: Id | None = None
    time_zone: TimeZoneName | None = None
    counterpart: Username | None = None
    room: Username | None = None


class ParsedMessageOut(Body):
    """`clock` is the time of day the paste showed (HH:MM:SS); `stamp` the full time when the
    paste had one (ISO 8601, with its offset when it gave one)."""

    line: int
    speaker: str
    text: str
    kind: MessageKind
    from_owner: bool
    is_broadcaster: bool
    clock: str | None
    stamp: str | None
    tokens: int | None
    note: str | None


class TipMenuItemOut(Body):
    line: int
    item: str
    price: int


class FoundNameOut(Body):
    username: str
    sources: list[NameSource]


class ParsedPasteOut(Body):
    formats: list[PasteFormat]
    lines: int
    noise: int
    unparsed: int
    room: str | None
    messages: list[ParsedMessageOut]
    tips: list[ParsedMessageOut]
    tip_menu: list[TipMenuItemOut]
    names: list[FoundNameOut]


class PasteLineOut(Body):
    """A message as saving stores it, on `person`; `status`: new, stored already (saved from a
    paste before) or recorded (by the Events API, so saving leaves it out)."""

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
    status: Literal["new", "stored", "recorded"]


class PastePersonOut(Body):
    username: str
    person_id: int | None
    is_new: bool
    messages: int
    tips: int
    new_messages: int


class PastePreviewOut(Body):
    """What saving the paste would store. `orphans` are the owner's PM/DM lines with nobody to
    attach them to; `sample` lists the first 300 messages."""

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
    orphans: int
    excluded: list[str]
    people: list[PastePersonOut]
    room: str | None
    tip_menu_model: str | None
    tip_menu: list[TipMenuItemOut]
    tip_menu_new: bool
    timed: bool
    day: date
    session_id: int | None
    time_zone: str
    sample: list[PasteLineOut]


class PasteSavedOut(Body):
    """`stored` new messages; `alreadyStored` saved before; `recorded` left out (the Events API
    has them); `created` people new to the panel."""

    stored: int
    already_stored: int
    recorded: int
    created: list[str]
    people: list[PastePersonOut]
    tip_menu_stored: bool
    day: date
    session_id: int | None
