"""Reading a paste: every line sorted into a message, a tip, a tip-menu item, names, or noise.

Names come only from a speaker's place, a tip notice, an `@mention`, a profile link, a line of
nothing but names, or a username field of an export; never from a word of free text, never
from a noise line, and never the owner, a header word or a word of the site's notices.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, time

from mhc.domain.chatlog import lines as shapes
from mhc.domain.chatlog.collect import Collector
from mhc.domain.chatlog.model import ChatLog, MessageKind, NameSource, PasteFormat, PasteKind
from mhc.domain.chatlog.plain import PlainLines
from mhc.domain.chatlog.structured import message_kind, read_structured
from mhc.domain.chatlog.tabular import Record, csv_header, read_csv, read_json
from mhc.domain.usernames import is_username


def parse_chat_log(
    text: str,
    *,
    owner: str | None = None,
    kind: PasteKind = PasteKind.PUBLIC,
    known_names: Collection[str] = (),
) -> ChatLog:
    """Everything in a paste. Never raises.

    `owner` is the broadcaster's username; `kind` is what the owner says the paste is (lines
    that do not say it themselves get it); `known_names` are names the panel knows, which let a
    line whose speaker lost the colon be read (see ChatLog.candidates).
    """
    into = Collector(owner.lower() if owner else None, kind, frozenset(known_names))
    body = text.lstrip("\ufeff \t\r\n")
    if body[:1] in ("[", "{"):
        records = read_json(body)
        if records:
            read_records(into, records, PasteFormat.JSON)
            return into.result(len(records))
    all_lines = text.splitlines()
    first = next((n for n, line in enumerate(all_lines) if line.strip()), None)
    header = csv_header(all_lines[first]) if first is not None else None
    if first is not None and header is not None:
        delimiter, columns = header
        rows = "\n".join(all_lines[first + 1 :])
        read_records(into, read_csv(rows, delimiter, columns, first + 1), PasteFormat.CSV)
        return into.result(len(all_lines))
    plain = PlainLines(into)
    plain.read(all_lines, lambda number, line: read_structured_line(into, number, line))
    plain.finish()
    return into.result(len(all_lines))


def read_structured_line(into: Collector, number: int, line: str) -> bool:
    """A line of the bookmarklet's export; False when the line is not one."""
    fields = read_structured(line)
    if fields is None:
        return False
    into.formats.add(PasteFormat.STRUCTURED)
    if not is_username(fields.username):
        into.unparsed += 1
        return True
    speaker = fields.username.lower()
    kind = message_kind(fields.chat_type, into.kind)
    if kind is None:
        into.noise += 1
        return True
    if fields.is_broadcaster and speaker != into.owner and into.room is None:
        into.room = speaker
    clock, when = shapes.parse_stamp(fields.timestamp)
    add_message(
        into, number, speaker, fields.message, kind, clock, when, fields.is_broadcaster, None
    )
    return True


def read_records(into: Collector, records: list[Record], paste_format: PasteFormat) -> None:
    """Rows of a CSV or objects of a JSON export."""
    into.formats.add(paste_format)
    for record in records:
        raw = record.username.lstrip("@")
        if not is_username(raw):
            into.unparsed += 1
            continue
        name = raw.lower()
        if record.text is None and record.tokens is None:
            into.name(name, record.line, 0, NameSource.FIELD)
            continue
        kind = message_kind(record.chat_type, into.kind)
        if record.tokens is not None and record.chat_type is None:
            kind = MessageKind.TIP
        if kind is None:
            into.noise += 1
            continue
        clock, when = shapes.parse_stamp(record.stamp)
        add_message(
            into,
            record.line,
            name,
            record.text or "",
            kind,
            clock,
            when,
            record.is_broadcaster,
            record.tokens,
            note=record.note,
        )
        into.name(name, record.line, 0, NameSource.FIELD)


def add_message(
    into: Collector,
    number: int,
    speaker: str,
    text: str,
    kind: MessageKind,
    clock: time | None,
    when: datetime | None,
    is_broadcaster: bool | None,
    tokens: int | None,
    *,
    note: str | None = None,
) -> None:
    """A message of an export; a tip's amount and note read from its notice when not given."""
    if kind is MessageKind.TIP and tokens is None:
        tip = shapes.TIP.match(text)
        if tip is None:
            into.unparsed += 1
            return
        tokens = int(tip["tokens"])
        note = shapes.tip_note(tip["note"])
    elif kind is MessageKind.TIP and note is None:
        # An export's tip row: its message column is the tip's note.
        note = text.strip() or None
    if kind is not MessageKind.TIP and not text:
        return
    into.message(
        number,
        speaker,
        text,
        kind,
        clock=clock,
        when=when,
        is_broadcaster=is_broadcaster,
        tokens=tokens,
        note=note,
    )
