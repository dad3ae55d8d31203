"""What a pasted chat log holds: messages (tips among them), tip-menu items and names."""

from __future__ import annotations

import enum
from datetime import datetime, time

import msgspec


class PasteKind(enum.StrEnum):
    """What the owner says a paste is, for the lines that do not say it themselves."""

    PUBLIC = "public"
    PM = "pm"
    DM = "dm"


class MessageKind(enum.StrEnum):
    PUBLIC = "public"
    PM = "pm"
    DM = "dm"
    TIP = "tip"


class NameSource(enum.StrEnum):
    """Where in a paste a name was read: the only places a name may come from."""

    SPEAKER = "speaker"
    TIP = "tip"
    MENTION = "mention"
    URL = "url"
    LIST = "list"
    FIELD = "field"


class PasteFormat(enum.StrEnum):
    STRUCTURED = "structured"
    CHAT = "chat"
    CSV = "csv"
    JSON = "json"
    NAMES = "names"


class ChatMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One line of chat, or one tip (`kind` TIP, with `tokens` and an optional `note`).

    `clock` is the time of day the paste showed; `when` is set when the paste also gave the
    date (naive: the viewer's wall clock) or an absolute instant (aware).
    `is_broadcaster` marks the room's broadcaster (the owner, or the model whose room it is).
    """

    line: int
    speaker: str
    text: str
    kind: MessageKind
    from_owner: bool = False
    is_broadcaster: bool = False
    clock: time | None = None
    when: datetime | None = None
    tokens: int | None = None
    note: str | None = None


class TipMenuItem(msgspec.Struct, frozen=True, kw_only=True):
    line: int
    item: str
    price: int


class FoundName(msgspec.Struct, frozen=True, kw_only=True):
    """A name to look up, with every kind of place it was read from (first one first)."""

    username: str
    sources: tuple[NameSource, ...]


class ChatLog(msgspec.Struct, frozen=True, kw_only=True):
    """Everything read from one paste.

    `names` never holds the owner, a header word, a word of the site's notices or a name read
    only from a noise line. `room` is the broadcaster of the room the chat was copied from
    when the paste says so. `noise` counts dropped lines (joins, toy and goal notices...),
    `unparsed` the lines that are none of the known shapes. `candidates` are names that would
    make more lines readable if they were known (a lost colon, a list of plain words): asking
    for them and parsing again with `known_names` resolves those lines.
    """

    formats: tuple[PasteFormat, ...]
    lines: int
    messages: tuple[ChatMessage, ...]
    tip_menu: tuple[TipMenuItem, ...]
    names: tuple[FoundName, ...]
    room: str | None
    noise: int
    unparsed: int
    candidates: tuple[str, ...] = ()

    @property
    def tips(self) -> tuple[ChatMessage, ...]:
        return tuple(m for m in self.messages if m.kind is MessageKind.TIP)

    @property
    def usernames(self) -> list[str]:
        return [found.username for found in self.names]
