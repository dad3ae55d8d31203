"""The structured export of a browser bookmarklet: one message a line, fields in brackets.

    ChatType: [PM] | Timestamp: [21:42:40] | Username: [hudson_cage] | Message: [sure] |
    isBroadcaster: [true]

(one line in the paste).
The older generation has no ChatType. A message may hold brackets and pipes: it runs from its
field's bracket to the `] | isBroadcaster: [...]` that ends the line (or to the last `]`).
"""

from __future__ import annotations

import functools

import msgspec

from mhc.domain.chatlog.model import MessageKind, PasteKind

# Both generations write their fields exactly so, which str methods read many times faster
# than a pattern: `ChatType: [..] | Timestamp: [..] | Username: [..] | Message: [..] |
# isBroadcaster: [..]`, the older without ChatType.
_HEAD = ("ChatType: [", "Timestamp: [")
_SEP = "] | "
_USERNAME = "Username: ["
_MESSAGE = "] | Message: ["
_TAIL = "] | isBroadcaster: ["
# Quick test before reading: every generation starts with one of these fields.
STARTS = (*_HEAD, _USERNAME)

_KINDS = {
    "pm": MessageKind.PM,
    "private": MessageKind.PM,
    "privatemessage": MessageKind.PM,
    "dm": MessageKind.DM,
    "direct": MessageKind.DM,
    "public": MessageKind.PUBLIC,
    "chat": MessageKind.PUBLIC,
    "tips": MessageKind.TIP,
    "tip": MessageKind.TIP,
}


class StructuredLine(msgspec.Struct, frozen=True, kw_only=True):
    chat_type: str | None
    timestamp: str | None
    username: str
    message: str
    is_broadcaster: bool
    # Where the username's value starts on the line.
    name_at: int


def read_structured(line: str) -> StructuredLine | None:
    """The fields of a structured line; None when the line is not one."""
    at = 0
    head: list[str | None] = []
    for field in _HEAD:
        value = None
        if line.startswith(field, at):
            end = line.find(_SEP, at)
            if end < 0:
                return None
            value, at = line[at + len(field) : end], end + len(_SEP)
        head.append(value)
    if not line.startswith(_USERNAME, at) or (cut := line.find(_MESSAGE, at)) < 0:
        return None
    body = line[cut + len(_MESSAGE) :].rstrip()
    tail = body.rfind(_TAIL)
    flag = body[tail + len(_TAIL) : -1].strip().lower() if tail >= 0 else ""
    if tail >= 0 and body.endswith("]") and flag in ("true", "false"):
        message = body[:tail]
    else:
        message, flag = body.removesuffix("]"), ""
    return StructuredLine(
        chat_type=head[0],
        timestamp=head[1],
        username=line[at + len(_USERNAME) : cut].strip(),
        message=message.strip(),
        is_broadcaster=flag == "true",
        name_at=at + len(_USERNAME),
    )


@functools.lru_cache(maxsize=256)
def message_kind(chat_type: str | None, context: PasteKind) -> MessageKind | None:
    """The kind a ChatType names, refined by the paste's kind; None for a notice's type.

    The bookmarklet calls site mail "PM" too: in a paste the owner says is DMs, a PM is a DM.
    """
    if chat_type is None or not chat_type.strip():
        return MessageKind(context.value)
    kind = _KINDS.get(chat_type.strip().lower().replace("_", "").replace(" ", ""))
    if kind is MessageKind.PM and context is PasteKind.DM:
        return MessageKind.DM
    return kind
