"""Chaturbate Events API payloads, read tolerantly into the interactions they record.

Nothing here raises on odd input: an event of an unknown method, with missing or mistyped
fields, still becomes an interaction (at worst an UNKNOWN_EVENT of the broadcaster) that keeps
the raw event, and `problems` says what was odd so the caller can log it. `drift` says where
the event differs from the Events API contract (keys we did not know of included), for the
drift log.
"""

from __future__ import annotations

import enum
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

import msgspec

from mhc.domain.contracts.findings import Finding
from mhc.domain.contracts.shapes import EVENT, EVENT_PATH
from mhc.domain.errors import InvalidInput
from mhc.domain.models import InteractionType, JsonObject, Role
from mhc.domain.usernames import normalize_username


class SessionChange(enum.StrEnum):
    START = "start"
    STOP = "stop"


METHOD_TYPES: dict[str, InteractionType] = {
    "chatMessage": InteractionType.CHAT_MESSAGE,
    "privateMessage": InteractionType.PRIVATE_MESSAGE,
    "tip": InteractionType.TIP,
    "follow": InteractionType.FOLLOW,
    "unfollow": InteractionType.UNFOLLOW,
    "fanclubJoin": InteractionType.FANCLUB_JOIN,
    "mediaPurchase": InteractionType.MEDIA_PURCHASE,
    "userEnter": InteractionType.USER_ENTER,
    "userLeave": InteractionType.USER_LEAVE,
    "roomSubjectChange": InteractionType.ROOM_SUBJECT_CHANGE,
    "broadcastStart": InteractionType.BROADCAST_START,
    "broadcastStop": InteractionType.BROADCAST_STOP,
}

# Events that are about the room itself: they belong to the broadcaster, not to a viewer.
_ROOM_METHODS = frozenset({"roomSubjectChange", "broadcastStart", "broadcastStop"})
_SESSION_CHANGES = {"broadcastStart": SessionChange.START, "broadcastStop": SessionChange.STOP}

_USER_FLAGS = ("inFanclub", "isMod", "hasTokens")
_USER_LABELS = ("gender", "subgender", "recentTips")

# "1755376889458-0": milliseconds since the epoch, a dash, a sequence number.
_EVENT_ID = re.compile(r"(\d{1,18})(?:-\d+)?")
# Ids whose time falls outside these bounds are not trusted as a time.
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)
_SYNTHETIC_ID_PREFIX = "sha256:"
MAX_EVENT_ID_LENGTH = 200
# Larger counts are kept only in the raw event: sums over them must fit a bigint.
MAX_TOKENS = 1_000_000_000


class ParsedEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One event read into what the interactions table stores, plus what was odd about it."""

    event_id: str
    method: str
    type: InteractionType
    username: str
    role: Role
    content: str | None
    occurred_at: datetime
    metadata: JsonObject
    session_change: SessionChange | None
    problems: tuple[str, ...]
    drift: tuple[Finding, ...] = ()


def event_time(event_id: str) -> datetime | None:
    """The moment encoded in an event id's millisecond-epoch prefix; None when there is none."""
    match = _EVENT_ID.fullmatch(event_id.strip())
    if match is None:
        return None
    try:
        moment = datetime.fromtimestamp(int(match.group(1)) / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if not _EARLIEST <= moment < _LATEST:
        return None
    return moment


def parse_event(raw: Any, *, broadcaster: str, received_at: datetime) -> ParsedEvent:
    """Read one element of a longpoll response's `events` list. Never raises.

    `broadcaster` is the configured room owner (normalised): room events, and events whose
    user cannot be read, are attributed to them. `received_at` is when the response arrived;
    it is kept in the metadata, and it is the event's time only when the id carries none.
    """
    problems: list[str] = []
    event: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if not isinstance(raw, dict):
        problems.append(f"event is a {type(raw).__name__}, not an object")

    event_id = _event_id(event.get("id"), raw, problems)
    method_value = event.get("method")
    method = method_value if isinstance(method_value, str) else ""
    interaction_type = METHOD_TYPES.get(method)
    if interaction_type is None:
        problems.append(f"unknown method {method_value!r}" if method else "event has no method")

    occurred_at = event_time(event_id)
    if occurred_at is None:
        problems.append("event id carries no usable time; using the time it was received")
        occurred_at = received_at

    body_value = event.get("object")
    body: dict[str, Any] = body_value if isinstance(body_value, dict) else {}
    if body_value is not None and not isinstance(body_value, dict):
        problems.append("event object is not an object")

    metadata: JsonObject = {}
    content: str | None = None
    if interaction_type is not None:
        content = _read_details(method, body, metadata, problems)
    user_value = body.get("user")
    if isinstance(user_value, dict):
        metadata["user"] = _user_flags(user_value, problems)

    username = _person_of(method, body, broadcaster, problems)
    if method == "privateMessage" and username == broadcaster:
        # The owner's own message is about the viewer it went to.
        username = _username(metadata.get("toUser"), "message.toUser", problems) or username
    if username is None:
        username = broadcaster
        if interaction_type is not None:
            # A tip or a message we cannot pin on anyone must not count as the owner's own.
            problems.append(f"{method} without a readable user; stored as an unknown event")
            interaction_type = None
    if interaction_type is None:
        interaction_type = InteractionType.UNKNOWN_EVENT
        content = None

    metadata["receivedAt"] = received_at.isoformat()
    if problems:
        metadata["problems"] = list(problems)
    metadata["raw"] = raw
    session_change = (
        _SESSION_CHANGES.get(method)
        if interaction_type is not InteractionType.UNKNOWN_EVENT
        else None
    )
    return ParsedEvent(
        event_id=event_id,
        method=method,
        type=interaction_type,
        username=username,
        role=Role.MODEL if username == broadcaster or method in _ROOM_METHODS else Role.VIEWER,
        content=content,
        occurred_at=occurred_at,
        metadata=metadata,
        session_change=session_change,
        problems=tuple(problems),
        drift=_drift(raw),
    )


def _drift(raw: Any) -> tuple[Finding, ...]:
    """How the event differs from the contract; each finding's example is the whole event."""
    found: list[Finding] = []
    EVENT.check(raw, EVENT_PATH, None, found)
    if not found:
        return ()
    return tuple(msgspec.structs.replace(finding, example=raw) for finding in found)


def _event_id(value: Any, raw: Any, problems: list[str]) -> str:
    given = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(given, str) and given.strip():
        given = given.strip()
        if len(given) <= MAX_EVENT_ID_LENGTH:
            return given
        # An index entry has a size limit: a giant id is kept in the raw event, its hash here.
        problems.append("event id is too long; identified by its hash")
        return _SYNTHETIC_ID_PREFIX + hashlib.sha256(_jsonable(given).encode()).hexdigest()
    # Without an id, the payload itself names the event, so a re-delivery is still stored once.
    problems.append("event has no id; identified by a hash of its content")
    canonical = msgspec.json.encode(_jsonable(raw), order="sorted")
    return _SYNTHETIC_ID_PREFIX + hashlib.sha256(canonical).hexdigest()


def _jsonable(value: Any) -> Any:
    """`value` with lone surrogates replaced, so that it always encodes."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_jsonable(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _person_of(
    method: str, body: dict[str, Any], broadcaster: str, problems: list[str]
) -> str | None:
    """The normalised username the event is about; None when it names no one readable."""
    if method in _ROOM_METHODS:
        return _username(body.get("broadcaster"), "broadcaster", problems) or broadcaster
    user = body.get("user")
    name = user.get("username") if isinstance(user, dict) else None
    return _username(name, "user.username", problems)


def _username(value: Any, field: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{field} is not a string")
        return None
    try:
        return normalize_username(value)
    except InvalidInput:
        problems.append(f"{field} {value[:80]!r} is not a username")
        return None


def _user_flags(user: dict[str, Any], problems: list[str]) -> JsonObject:
    flags: JsonObject = {}
    for key in _USER_FLAGS:
        if key in user:
            value = user[key]
            if isinstance(value, bool):
                flags[key] = value
            else:
                problems.append(f"user.{key} is not a boolean")
    for key in _USER_LABELS:
        if key in user:
            value = user[key]
            if isinstance(value, str):
                flags[key] = value
            else:
                problems.append(f"user.{key} is not a string")
    return flags


def _read_details(
    method: str, body: dict[str, Any], metadata: JsonObject, problems: list[str]
) -> str | None:
    """Copy the method's own fields into `metadata`; return the interaction's content."""
    if method in ("chatMessage", "privateMessage"):
        return _read_message(body.get("message"), metadata, problems)
    if method == "tip":
        tip = _section(body, "tip", problems)
        tokens = _tokens(tip.get("tokens"), "tip.tokens", problems)
        if tokens is not None:
            metadata["tokens"] = tokens
        is_anon = tip.get("isAnon")
        if isinstance(is_anon, bool):
            metadata["isAnon"] = is_anon
        elif is_anon is not None:
            problems.append("tip.isAnon is not a boolean")
        message = _text(tip.get("message"), "tip.message", problems)
        metadata["message"] = message or ""
        return message or None
    if method == "mediaPurchase":
        media = _section(body, "media", problems)
        details: JsonObject = {}
        for key in ("id", "type", "name"):
            value = media.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                details[key] = value
        tokens = _tokens(media.get("tokens"), "media.tokens", problems)
        if tokens is not None:
            details["tokens"] = tokens
            metadata["tokens"] = tokens
        metadata["media"] = details
        name = details.get("name")
        return name if isinstance(name, str) and name else None
    if method == "roomSubjectChange":
        return _text(body.get("subject"), "subject", problems)
    return None


def _read_message(value: Any, metadata: JsonObject, problems: list[str]) -> str | None:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        problems.append("message is missing or not an object")
        return None
    for key in ("color", "bgColor", "font", "fromUser", "toUser"):
        item = value.get(key)
        if isinstance(item, str) or (item is None and key == "bgColor" and key in value):
            metadata[key] = item
    return _text(value.get("message"), "message.message", problems)


def _section(body: dict[str, Any], key: str, problems: list[str]) -> dict[str, Any]:
    value = body.get(key)
    if isinstance(value, dict):
        return value
    problems.append(f"{key} is missing or not an object")
    return {}


def _tokens(value: Any, field: str, problems: list[str]) -> int | None:
    """A token count; numeric strings and whole floats are accepted, anything else is odd."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?\d{1,12}", value.strip()):
        number = int(value.strip())
    if number is None or abs(number) > MAX_TOKENS:
        problems.append(f"{field} is missing or not a plausible whole number")
        return None
    return number


def _text(value: Any, field: str, problems: list[str]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    problems.append(f"{field} is not a string")
    return None
