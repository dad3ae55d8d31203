"""What a parse gathers as it reads a paste, and the ChatLog it makes of it in the end."""

from __future__ import annotations

from datetime import datetime, time

import msgspec

from mhc.domain.chatlog.model import (
    ChatLog,
    ChatMessage,
    FoundName,
    MessageKind,
    NameSource,
    PasteFormat,
    PasteKind,
    TipMenuItem,
)
from mhc.domain.chatlog.names import can_be_name, names_in_text


class _Seen:
    """Where a name was first read, and every kind of place it was read from."""

    __slots__ = ("first", "sources")

    def __init__(self, first: tuple[int, int], source: NameSource) -> None:
        self.first = first
        self.sources = [source]


class Collector:
    """Messages, menu items, names and counts, in the order they are read.

    `owner` is the broadcaster (normalised), never a name to look up; `kind` is what the owner
    says the paste is; `known` are names known beyond this paste.
    """

    def __init__(self, owner: str | None, kind: PasteKind, known: frozenset[str]) -> None:
        self.owner = owner
        self.kind = kind
        self.message_kind = MessageKind(kind.value)
        self.known = known
        self.messages: list[ChatMessage] = []
        self.menu: list[TipMenuItem] = []
        self.names: dict[str, _Seen] = {}
        self.speakers: set[str] = set()
        self.formats: set[PasteFormat] = set()
        self.candidates: dict[str, None] = {}
        self.room: str | None = None
        self.noise = 0
        self.unparsed = 0
        # Whether messages and names were read in the order of the paste (no sorting needed).
        self.in_order = True
        # Lines that say themselves whether their speaker is the broadcaster.
        self.flagged: set[int] = set()

    def name(self, name: str, line: int, column: int, source: NameSource) -> None:
        seen = self.names.get(name)
        if seen is None:
            if can_be_name(name, self.owner):
                self.names[name] = _Seen((line, column), source)
            return
        if source not in seen.sources:
            seen.sources.append(source)
        if (line, column) < seen.first:
            seen.first = (line, column)

    def names_in(self, text: str, line: int, column: int) -> None:
        """The mentions and profile links in a message's (or an unreadable line's) text."""
        if "@" in text or "/" in text:
            for offset, found, source in names_in_text(text):
                self.name(found, line, column + offset, source)

    def item(self, line: int, item: tuple[str, int]) -> None:
        self.menu.append(TipMenuItem(line=line, item=item[0], price=item[1]))

    def message(
        self,
        line: int,
        speaker: str,
        text: str,
        kind: MessageKind,
        *,
        column: int = 0,
        clock: time | None = None,
        when: datetime | None = None,
        is_broadcaster: bool | None = None,
        tokens: int | None = None,
        note: str | None = None,
    ) -> None:
        """Record a message (a tip when `kind` is TIP) and its speaker's name.

        `is_broadcaster` as the line says it; None when it does not, and the room's broadcaster
        (the owner unless the paste names another) is known at the end.
        """
        self.speakers.add(speaker)
        tip = kind is MessageKind.TIP
        self.name(speaker, line, column, NameSource.TIP if tip else NameSource.SPEAKER)
        owner = speaker == self.owner
        if is_broadcaster is not None:
            self.flagged.add(line)
        self.messages.append(
            ChatMessage(
                line=line,
                speaker=speaker,
                text=text,
                kind=kind,
                from_owner=owner,
                is_broadcaster=owner if is_broadcaster is None else is_broadcaster,
                clock=clock,
                when=when,
                tokens=tokens,
                note=note,
            )
        )
        said = (note or "") if tip else text
        if "@" in said or "/" in said:
            self.names_in(said, line, column)

    def result(self, line_count: int) -> ChatLog:
        messages = self.messages if self.in_order else sorted(self.messages, key=_line_of)
        room = self.room
        if room is not None and room != self.owner:
            # Read as the owner's room so far: the broadcaster is someone else.
            messages = [
                msgspec.structs.replace(m, is_broadcaster=m.speaker == room)
                if m.line not in self.flagged and m.is_broadcaster != (m.speaker == room)
                else m
                for m in messages
            ]
        ordered = (
            self.names.items()
            if self.in_order
            else sorted(self.names.items(), key=lambda item: item[1].first)
        )
        return ChatLog(
            formats=tuple(sorted(self.formats)),
            lines=line_count,
            messages=tuple(messages),
            tip_menu=tuple(self.menu),
            names=tuple(
                FoundName(username=name, sources=tuple(seen.sources)) for name, seen in ordered
            ),
            room=room,
            noise=self.noise,
            unparsed=self.unparsed,
            candidates=tuple(self.candidates),
        )


def _line_of(message: ChatMessage) -> int:
    return message.line
