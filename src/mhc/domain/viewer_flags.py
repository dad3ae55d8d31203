"""What Chaturbate itself says about a viewer: the Events API user object's flags.

Every event stores the user object's flags in its metadata (`metadata.user`, see
domain.events). The latest values are what the room knows now: fan-club membership,
moderator, whether they have tokens, how much they tipped lately (none / few / some / lots /
tons), gender and subgender (kept as the codes Chaturbate sent, shown as labels).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

# Chaturbate's scale for `recentTips`, least first (`few` is seen in the wild, not in the docs).
RECENT_TIPS_LEVELS: tuple[str, ...] = ("none", "few", "some", "lots", "tons")
GENDER_LABELS = {"m": "Male", "f": "Female", "t": "Trans", "c": "Couple"}
SUBGENDER_LABELS = {"tf": "Trans woman", "tm": "Trans man", "tn": "Non-binary"}


class ViewerFlags(msgspec.Struct, frozen=True, kw_only=True):
    """The latest user object the room sent about someone; `seen_at` is that event's time."""

    seen_at: datetime
    in_fanclub: bool | None = None
    is_mod: bool | None = None
    has_tokens: bool | None = None
    recent_tips: str | None = None
    gender: str | None = None
    subgender: str | None = None


def flags_from_user(user: Any, seen_at: datetime) -> ViewerFlags | None:
    """The flags of a stored `metadata.user` object; None when it holds none of them."""
    if not isinstance(user, dict):
        return None

    def flag(key: str) -> bool | None:
        value = user.get(key)
        return value if isinstance(value, bool) else None

    def label(key: str) -> str | None:
        value = user.get(key)
        return value if isinstance(value, str) else None

    flags = ViewerFlags(
        seen_at=seen_at,
        in_fanclub=flag("inFanclub"),
        is_mod=flag("isMod"),
        has_tokens=flag("hasTokens"),
        recent_tips=label("recentTips"),
        gender=label("gender"),
        subgender=label("subgender"),
    )
    empty = ViewerFlags(seen_at=seen_at)
    return None if flags == empty else flags


def tips_at_least(level: str | None, floor: str) -> bool:
    """Whether a `recentTips` level is `floor` or more (an unknown level is not)."""
    if level not in RECENT_TIPS_LEVELS or floor not in RECENT_TIPS_LEVELS:
        return False
    return RECENT_TIPS_LEVELS.index(level) >= RECENT_TIPS_LEVELS.index(floor)
