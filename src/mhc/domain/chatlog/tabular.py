"""Exports of other tools: CSV with a header row, JSON arrays of objects (or of names).

Each row or object becomes a Record; header words and keys are column names, never names.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import msgspec

from mhc.domain.chatlog.vocabulary import HEADER_WORDS

# Column names (lower case, spaces and dashes as underscores) by what the column holds.
USER_COLUMNS = frozenset(
    {"user", "username", "user_name", "name", "display_name", "nick", "nickname", "sender"}
    | {"from_user", "from"}
)
TEXT_COLUMNS = frozenset({"message", "msg", "text", "body", "content"})
TIME_COLUMNS = frozenset({"time", "timestamp", "date", "datetime", "created_at", "sent_at"})
TYPE_COLUMNS = frozenset({"type", "chattype", "chat_type", "kind"})
TOKEN_COLUMNS = frozenset({"amount", "tokens"})
NOTE_COLUMNS = frozenset({"note"})
FLAG_COLUMNS = frozenset({"isbroadcaster", "is_broadcaster"})
_KNOWN_COLUMNS = HEADER_WORDS | USER_COLUMNS
# Where a JSON document keeps its list of records, when it is an object.
_LIST_KEYS = ("messages", "data", "items", "results", "chat", "users", "rows", "records")
_DELIMITERS = (",", ";", "\t")
_COLUMN = re.compile(r"[\s\-]+")


class Record(msgspec.Struct, frozen=True, kw_only=True):
    """One row of an export, as text; `line` is its line (CSV) or position (JSON) from 1."""

    line: int
    username: str
    text: str | None = None
    chat_type: str | None = None
    stamp: Any = None
    tokens: int | None = None
    note: str | None = None
    # None when the export has no such column.
    is_broadcaster: bool | None = None


def column(raw: str) -> str:
    return _COLUMN.sub("_", raw.strip().strip("\"'").lstrip("\ufeff").strip().lower())


def csv_header(line: str) -> tuple[str, list[str]] | None:
    """(delimiter, columns) when `line` is the header row of an export, else None."""
    for delimiter in _DELIMITERS:
        if delimiter not in line:
            continue
        columns = [column(cell) for cell in line.split(delimiter)]
        known = [name for name in columns if name in _KNOWN_COLUMNS]
        if (
            len(columns) >= 2
            and any(name in USER_COLUMNS for name in columns)
            and len(known) * 2 >= len(columns)
        ):
            return delimiter, columns
    return None


def read_csv(text: str, delimiter: str, columns: list[str], first_line: int) -> list[Record]:
    """The rows after the header (which is line `first_line`)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[Record] = []
    # Only the columns that hold something read, first of each kind first.
    wanted = [
        (index, name)
        for index, name in enumerate(columns)
        if name in _KNOWN_COLUMNS and columns.index(name) == index
    ]
    try:
        for row in reader:
            values = {name: row[index] for index, name in wanted if index < len(row)}
            record = _record(first_line + reader.line_num, values)
            if record is not None:
                records.append(record)
    except csv.Error:
        # A field over the csv module's size limit: what came before it is kept.
        pass
    return records


def read_json(text: str) -> list[Record] | None:
    """The records of a JSON export; None when the text is not JSON or holds no records."""
    try:
        document = msgspec.json.decode(text)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    items = _items(document)
    if items is None:
        return None
    records: list[Record] = []
    for position, item in enumerate(items, 1):
        if isinstance(item, str):
            records.append(Record(line=position, username=item.strip()))
        elif isinstance(item, dict):
            values = {column(str(key)): value for key, value in item.items()}
            record = _record(position, values)
            if record is not None:
                records.append(record)
    return records


def _items(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            value = document.get(key)
            if isinstance(value, list):
                return value
        for value in document.values():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return value
        return [document]
    return None


def _record(line: int, values: dict[str, Any]) -> Record | None:
    username = _first(values, USER_COLUMNS)
    if isinstance(username, dict):
        username = username.get("username") or username.get("name")
    if not isinstance(username, str) or not username.strip():
        return None
    text = _first(values, TEXT_COLUMNS)
    chat_type = _first(values, TYPE_COLUMNS)
    note = _first(values, NOTE_COLUMNS)
    flag = _first(values, FLAG_COLUMNS)
    return Record(
        line=line,
        username=username.strip(),
        text=text if isinstance(text, str) else None,
        chat_type=chat_type if isinstance(chat_type, str) else None,
        stamp=_first(values, TIME_COLUMNS),
        tokens=_tokens(_first(values, TOKEN_COLUMNS)),
        note=(note.strip() or None) if isinstance(note, str) else None,
        is_broadcaster=None
        if flag is None
        else flag is True or (isinstance(flag, str) and flag.strip().lower() == "true"),
    )


def _first(values: dict[str, Any], columns: frozenset[str]) -> Any:
    for name, value in values.items():
        if name in columns and value not in (None, ""):
            return value
    return None


def _tokens(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 < value <= 1_000_000_000:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        number = int(value.strip())
        return number or None
    return None
