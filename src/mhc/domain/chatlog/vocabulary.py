"""The words and notices of pasted chat that are never people: labels, headers, noise."""

from __future__ import annotations

import re

# Labels the site prints where a speaker's name would be ("Notice: ...", "Goal: ..."): the rest
# of such a line is a notice, never a message, and the label is never a name.
LABEL_WORDS = frozenset(
    {
        "notice",
        "system",
        "broadcaster",
        "moderator",
        "moderators",
        "mod",
        "hint",
        "info",
        "warning",
        "rules",
        "rule",
        "subject",
        "goal",
        "tip",
        "tips",
        "tipmenu",
        "menu",
        "app",
        "apps",
        "bot",
        "lovense",
        "lush",
        "domi",
        "nora",
        "king",
        "private",
        "spy",
        "fanclub",
        "announcement",
    }
)

# Words of the site's notices and links that are never usernames, wherever they appear.
SYSTEM_WORDS = LABEL_WORDS | frozenset(
    {"tipped", "anonymous", "http", "https", "www", "chaturbate", "statbate", "has"}
)

# Column names of exports (CSV headers, JSON keys, the bookmarklet's field names).
HEADER_WORDS = frozenset(
    {
        "time",
        "timestamp",
        "date",
        "datetime",
        "created_at",
        "sent_at",
        "user",
        "username",
        "user_name",
        "name",
        "display_name",
        "nick",
        "nickname",
        "sender",
        "from_user",
        "to_user",
        "type",
        "chattype",
        "chat_type",
        "kind",
        "message",
        "msg",
        "text",
        "body",
        "content",
        "amount",
        "tokens",
        "note",
        "isbroadcaster",
        "is_broadcaster",
    }
)

# Never returned as a name to look up.
NOT_NAMES = SYSTEM_WORDS | HEADER_WORDS

# First path segments of chaturbate.com pages that are not rooms, and Statbate path words.
URL_PATH_WORDS = frozenset(
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
        "search",
        "members",
        "member",
        "models",
        "model",
        "top",
        "cb",
        "chaturbate",
    }
)

# Lines the site writes into the chat that are nobody's message and name nobody worth keeping,
# as (a word the notice must hold, its pattern), both in lower case. Looked for in lines that
# are not speaker lines, and in the text of notices; the word is tested first because a
# substring test is many times cheaper than a pattern, and the commonest notices come first.
_NOISE = (
    # joins, leaves, follows, fan club
    ("the room", r"\b(?:joined|left) the room\b|\bking of the room\b|\bfollowed the room\b"),
    ("follow", r"\bis now following\b|\bhas (?:followed|unfollowed)\b|\bfollowed you\b"),
    ("fan", r"\bfan ?club\b"),
    # toys
    ("lovense", r"\blovense\b"),
    ("lush", r"\blush\b"),
    ("vib", r"\bvibrat\w*\b.*\bfor\b|\bvibes?\b.*\blevel \d"),
    ("randomly", r"\brandomly activated\b"),
    ("domi", r"\bdomi\b"),
    ("nora", r"\bnora\b"),
    ("hush", r"\bhush\b"),
    ("ferri", r"\bferri\b"),
    ("dolce", r"\bdolce\b"),
    # goals and countdowns
    ("goal", r"\bgoal\b"),
    ("token", r"\btokens? (?:remaining|left|to go)\b"),
    ("countdown", r"\bcountdown\b"),
    # room subject, shows
    ("subject", r"\broom subject\b|\bsubject (?:changed|is)\b"),
    ("show", r"\b(?:private|spy|group|hidden|ticket) show\b"),
    ("private", r"\bprivate (?:session|chat) (?:started|ended|request)"),
    # moderators, king, silence
    ("mod", r"\bmoderator\b|\b(?:promoted|demoted|granted|revoked)\b.*\bmod"),
    ("king", r"\bnew king\b"),
    ("silence", r"\bsilenced\b"),
    ("mute", r"\b(?:muted|unmuted)\b"),
    ("ban", r"\bbanned\b"),
    ("kick", r"\bkicked\b"),
    # room rules, keyboard hints, apps
    ("rules", r"\broom rules\b"),
    ("to send a tip", r"\bto send a tip\b"),
    ("ctrl", r"\bctrl ?\+"),
    ("press", r"\bpress (?:enter|tab|esc)\b"),
    ("type /", r"\btype /\w"),
    ("app", r"\bis running these apps\b|\brunning (?:these )?apps?\b|\bapps? (?:is|are) running\b"),
    # media purchases
    ("purchased", r"\bpurchased (?:a |an |the )?(?:photo|video|media|album|set)"),
    ("bought", r"\bbought (?:a |an |the )?(?:photo|video|media|album|set)"),
    # the site's safety warning
    ("never", r"\bnever (?:share|give out|send) your\b|\b(?:chaturbate|staff) will never ask\b"),
    ("beware", r"\bbeware of\b"),
    ("scam", r"\bscam"),
)  # fmt: skip
_NOISE_CHECKS = tuple((word, re.compile(pattern)) for word, pattern in _NOISE)


def is_noise(line: str) -> bool:
    """Whether a line that is nobody's message is one of the site's notices."""
    lower = line.lower()
    for word, pattern in _NOISE_CHECKS:
        if word in lower and pattern.search(lower) is not None:
            return True
    return False


# A line of nothing but separators and bullets ("-----", "• • •", "=====").
SEPARATOR = re.compile(r"[\s\-=_*~•·.|#+<>\u2500-\u257f]*")

# "Broadcaster hudson_cage has left the room": names the room's broadcaster.
ROOM_BROADCASTER = re.compile(
    r"(?i:broadcaster)[ \t]++([A-Za-z0-9_]{1,64}+)[ \t]++has[ \t]++(?:joined|left)\b"
)
