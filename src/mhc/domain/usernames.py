"""Chaturbate usernames: normalisation, and extraction from pasted chat, lists and links."""

from __future__ import annotations

import re

from mhc.domain.errors import InvalidInput

USERNAME_MAX_LENGTH = 64

# Labels Chaturbate prints where a speaker's name would be ("Notice: ...", "Goal: ...") and
# words of its notices: never returned as usernames, wherever they appear.
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

_VALID = re.compile(r"[A-Za-z0-9_]{1,64}")
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

# Three scans, each with a literal first character so the regex engine can skip ahead fast:
# line starts (the text is scanned with a "\n" in front), "@" mentions and room links.
_NOTICE_VERB = r"(?i:tipped[ \t]+\d|has[ \t]+(?:joined|left)\b)"
_LINE = re.compile(
    rf"\n(?:{_PREFIX}(?:"
    # "Notice: big_tipper_77 tipped 50 tokens"
    rf"(?i:notice|system){_SPACE}*+:{_SPACE}*+(?P<notice>{_NAME}){_SPACE}++{_NOTICE_VERB}"
    # "[12:01] 👑 name: message" (a colon before // is a URL scheme), "name tipped 50 tokens"
    rf"|(?P<speaker>{_NAME})(?:{_SPACE}*+:(?!//)|{_SPACE}++{_NOTICE_VERB}))"
    # a line of nothing but names: "a, b c;d"
    rf"|(?P<list>{_SPACE}*+@?+{_NAME}(?:[ \t\r,;]++@?+{_NAME})*+[ \t\r,;]*+)$)",
    re.MULTILINE,
)
# The character before "@" is checked in Python: a look-behind here would cost the fast skip.
_MENTION = re.compile(rf"@({_NAME})(?!\w)")
_URL = re.compile(rf"[Cc]haturbate\.com/(?:[bp]/)?({_NAME})(?![\w\-])")
_LIST_NAME = re.compile(r"[A-Za-z0-9_]+")


def normalize_username(raw: str) -> str:
    """Trim, drop leading `@`, lower-case; InvalidInput unless letters, digits, `_` (1..64)."""
    name = raw.strip().lstrip("@")
    # Validate before lower-casing: "\u212a" (Kelvin sign) lower-cases to an ASCII "k".
    if _VALID.fullmatch(name) is None:
        if not name:
            message = "a username cannot be empty"
        elif len(name) > USERNAME_MAX_LENGTH:
            message = f"a username has at most {USERNAME_MAX_LENGTH} characters"
        else:
            message = f"{raw.strip()!r} is not a username: use letters, digits and underscores"
        raise InvalidInput(message, field="username")
    return name.lower()


def extract_usernames(text: str) -> list[str]:
    """Every username in pasted text, normalised, de-duplicated, in order of first appearance.

    Reads chat lines (`[12:01] name: message`), tip and join notices, `@mentions`, lines that
    hold only names (separated by commas, semicolons, spaces) and chaturbate.com room links.
    Words inside a chat message are not names unless they are mentions or links, and
    SYSTEM_WORDS are never names.
    """
    first_seen: dict[str, int] = {}
    # In "\n" + text, the match of a line starts on the "\n", so offsets shift back by one.
    for match in _LINE.finditer("\n" + text):
        kind = match.lastgroup or ""
        if kind == "list":
            offset = match.start(kind) - 1
            for name_match in _LIST_NAME.finditer(match[kind]):
                first_seen.setdefault(name_match[0].lower(), offset + name_match.start())
        else:
            first_seen.setdefault(match[kind].lower(), match.start(kind) - 1)
    for match in _MENTION.finditer(text):
        at = match.start()
        before = text[at - 1] if at else " "
        if before != "@" and before != "_" and not before.isalnum():
            _keep_earliest(first_seen, match[1].lower(), at)
    for match in _URL.finditer(text):
        name = match[1].lower()
        if name not in _URL_PATH_WORDS:
            _keep_earliest(first_seen, name, match.start())
    ordered = sorted(first_seen, key=first_seen.__getitem__)
    return [name for name in ordered if name not in SYSTEM_WORDS]


def _keep_earliest(first_seen: dict[str, int], name: str, position: int) -> None:
    if position < first_seen.get(name, position + 1):
        first_seen[name] = position
