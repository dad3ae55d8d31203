"""A thread written back out as text, in the shapes the parser reads."""

from __future__ import annotations

from collections.abc import Iterable

from mhc.domain.chatlog.model import ChatMessage, MessageKind

_CHAT_TYPES = {
    MessageKind.PUBLIC: "PUBLIC",
    MessageKind.PM: "PM",
    MessageKind.DM: "PM",
    MessageKind.TIP: "TIPS",
}


def render_structured(messages: Iterable[ChatMessage]) -> str:
    """The bookmarklet's export: one line a message, with ChatType, clock and broadcaster flag."""
    lines = []
    for message in messages:
        clock = message.clock.strftime("%H:%M:%S") if message.clock else ""
        flag = "true" if message.is_broadcaster else "false"
        lines.append(
            f"ChatType: [{_CHAT_TYPES[message.kind]}] | Timestamp: [{clock}] | "
            f"Username: [{message.speaker}] | Message: [{_text(message)}] | isBroadcaster: [{flag}]"
        )
    return "\n".join(lines)


def render_plain(messages: Iterable[ChatMessage]) -> str:
    """The site's own chat as copied: `NAME: text`, tips as `NAME tipped N tokens - note`."""
    return "\n".join(
        _text(message) if message.kind is MessageKind.TIP else f"{message.speaker}: {message.text}"
        for message in messages
    )


def _text(message: ChatMessage) -> str:
    if message.kind is not MessageKind.TIP:
        return message.text
    note = f" - {message.note}" if message.note else ""
    return f"{message.speaker} tipped {message.tokens} tokens{note}"
