"""Chaturbate usernames: normalisation, and extraction from pasted chat, lists and links."""

from __future__ import annotations

import re

from mhc.domain.errors import InvalidInput

USERNAME_MAX_LENGTH = 64

# Labels Chaturbate prints where a speaker's name would be ("Notice: ...", "Goal: ...") and
# URL path words; they are never taken as usernames, even when they appear in a bare list.
SYSTEM_WORDS = frozenset(
    {
        "notice",
        "broadcaster",
        "moderator",
        "moderators",
        "system",
        "rules",
        "subject",
        "goal",
        "tip",
        "tipped",
        "http",
        "https",
        "www",
        "chaturbate",
    }
)

# First path segments of chaturbate.com pages that are not rooms.
_URL_PATH_WORDS = frozenset(
    {
        "accounts",
        "affiliates",
        "api",
        "apps",
        "auth",
        "b",
        "contest",
        "external_link",
        "in",
        "p",
        "photo_videos",
        "privacy",
        "security",
        "statsapi",
        "supporter",
        "tags",
        "terms",
        "tipping",
    }
)

_VALID = re.compile(r"[a-z0-9_]{1,64}")
_NAME = r"[A-Za-z0-9_]{1,64}+"
_SPACE = r"[ \t\r]"

# What may stand before a speaker's name on a chat line: dates, times, [badges], (flags), and
# any run of symbols or emoji. Atomic, so a line that is not a chat line fails in linear time.
_PREFIX = (
    r"(?>(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}T?"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?"
    r"|\[[^\]\n]{0,40}\]"
    r"|\([^)\n]{0,40}\)"
    r"|[^\w\n:@]"
    r")*)"
)

# One pass over the whole text; the branch that matched names what was found. Branches that
# read a whole line come first so that a list line is not cut into mentions.
_EXTRACT = re.compile(
    # "big_tipper_77 tipped 50 tokens", "Notice: big_tipper_77 tipped 50 tokens", "x has joined"
    rf"^{_PREFIX}(?:(?:notice|system){_SPACE}*+:{_SPACE}*+)?(?P<notice>{_NAME}){_SPACE}++"
    r"(?:tipped[ \t]+\d|has[ \t]+(?:joined|left)\b)"
    # "[12:01] 👑 name: message" (a colon followed by // is a URL scheme, not a speaker)
    rf"|^{_PREFIX}(?P<chat>{_NAME}){_SPACE}*+:(?!//)"
    # a line of nothing but names: "a, b c;d"
    rf"|^(?P<list>{_SPACE}*+@?+{_NAME}(?:[ \t\r,;]++@?+{_NAME})*+[ \t\r,;]*+)$"
    rf"|(?<![\w@])@(?P<mention>{_NAME})(?!\w)"
    rf"|chaturbate\.com/(?:[bp]/)?(?P<url>{_NAME})(?![\w\-])",
    re.MULTILINE | re.IGNORECASE,
)
_LIST_NAME = re.compile(r"[A-Za-z0-9_]+")


def normalize_username(raw: str) -> str:
    """Trim, drop leading `@`, lower-case; raise InvalidInput unless letters, digits, `_` (1..64)."""
    name = raw.strip().lstrip("@").lower()
    if _VALID.fullmatch(name) is None:
        if not name:
            message = "a username cannot be empty"
        elif len(name) > USERNAME_MAX_LENGTH:
            message = f"a username has at most {USERNAME_MAX_LENGTH} characters"
        else:
            message = f"{raw.strip()!r} is not a username: use letters, digits and underscores"
        raise InvalidInput(message, field="username")
    return name


def extract_usernames(text: str) -> list[str]:
    """Every username in pasted text, normalised, de-duplicated, in order of first appearance.

    Reads chat lines (`[12:01] name: message`), tip and join notices, `@mentions`, lines that
    hold only names (separated by commas, semicolons, spaces) and chaturbate.com room links.
    Words inside a chat message are not names unless they are mentions or links.
    """
    found: dict[str, None] = {}
    for match in _EXTRACT.finditer(text):
        kind = match.lastgroup
        value = match[kind] if kind else ""
        if kind == "list":
            for name in _LIST_NAME.findall(value):
                found[name.lower()] = None
        elif kind == "url":
            name = value.lower()
            if name not in _URL_PATH_WORDS:
                found[name] = None
        else:
            found[value.lower()] = None
    return [name for name in found if name not in SYSTEM_WORDS]
