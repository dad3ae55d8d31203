"""Chat logs the owner pastes: the formats of shared/design CHAT_FORMATS, read into messages,
tips, tip-menu items and names, and rendered back (see `parse_chat_log`)."""

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
from mhc.domain.chatlog.parser import parse_chat_log
from mhc.domain.chatlog.vocabulary import HEADER_WORDS, NOT_NAMES, SYSTEM_WORDS

__all__ = [
    "HEADER_WORDS",
    "NOT_NAMES",
    "SYSTEM_WORDS",
    "ChatLog",
    "ChatMessage",
    "FoundName",
    "MessageKind",
    "NameSource",
    "PasteFormat",
    "PasteKind",
    "TipMenuItem",
    "extract_usernames",
    "parse_chat_log",
]


def extract_usernames(text: str, *, owner: str | None = None) -> list[str]:
    """Every name to look up in a paste, normalised, in order of first appearance."""
    return parse_chat_log(text, owner=owner).usernames
