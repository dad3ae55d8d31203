"""Names inside a line of text: `@mentions` and profile links, the only names free text holds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mhc.domain.chatlog.model import NameSource
from mhc.domain.chatlog.vocabulary import NOT_NAMES, URL_PATH_WORDS
from mhc.domain.usernames import is_username

_MENTION = re.compile(r"@([A-Za-z0-9_]{1,64}+)(?!\w)")
_CHATURBATE = re.compile(r"chaturbate\.com/(?:[bp]/)?([A-Za-z0-9_]{1,64}+)(?![\w\-])")
_STATBATE = re.compile(r"statbate\.com((?:/[A-Za-z0-9_\-.]{1,80}+)++)")
_NAME_LIKE = re.compile(r"[0-9_]")


def names_in_text(text: str) -> Iterator[tuple[int, str, NameSource]]:
    """(offset, normalised name, source) of every mention and profile link in `text`."""
    if "@" in text:
        for match in _MENTION.finditer(text):
            at = match.start()
            before = text[at - 1] if at else " "
            # "fan@example.com" is an address and "@@x" no mention.
            if before != "@" and before != "_" and not before.isalnum():
                yield at, match[1].lower(), NameSource.MENTION
    if "/" not in text:
        return
    lower = text.lower()
    if "chaturbate.com/" in lower:
        for match in _CHATURBATE.finditer(lower):
            name = match[1]
            if name not in URL_PATH_WORDS:
                yield match.start(), name, NameSource.URL
    if "statbate.com/" in lower:
        for match in _STATBATE.finditer(lower):
            name = match[1].rstrip("/").rsplit("/", 1)[-1]
            if is_username(name) and name not in URL_PATH_WORDS and not name.isdigit():
                yield match.start(), name, NameSource.URL


def is_name_like(word: str) -> bool:
    """A word that reads as a username rather than as a word of prose (`lazy_wolf_39`)."""
    return _NAME_LIKE.search(word) is not None


def can_be_name(name: str, owner: str | None) -> bool:
    """Whether a normalised name may be returned as someone to look up. A run of underscores
    is a piece of a separator (as a line of them is), not a name."""
    return name != owner and name not in NOT_NAMES and name.strip("_") != ""
