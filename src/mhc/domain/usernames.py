"""Chaturbate usernames: what one is, and its normal form (reading them out of pasted text is
`mhc.domain.chatlog`'s work)."""

from __future__ import annotations

import re

from mhc.domain.errors import InvalidInput

USERNAME_MAX_LENGTH = 64

_VALID = re.compile(r"[A-Za-z0-9_]{1,64}")


def is_username(raw: str) -> bool:
    """Whether `raw`, as it is, is a username (letters, digits, `_`; 1..64)."""
    return _VALID.fullmatch(raw) is not None


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
