"""Payload examples that are safe to keep: secrets masked, size bounded, names optionally hidden.

The drift log keeps the first example of every difference, and the owner commits recorded
answers to the tests: neither may carry a token, a cookie or a password, and neither may grow
without bound. Masking works on the decoded JSON, so it sees keys as well as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import msgspec

from mhc.domain.secrets import MASK, mask_secrets

# An example bigger than this (encoded as JSON) is shortened.
MAX_EXAMPLE_BYTES = 2048
_MAX_TEXT = 200
_MAX_ITEMS = 5

# Keys whose values are credentials whatever they look like.
_SECRET_KEYS = frozenset(
    {
        "token",
        "access_token",
        "api_token",
        "apikey",
        "api_key",
        "password",
        "secret",
        "cookie",
        "cookies",
        "set-cookie",
        "authorization",
        "xsrf",
        "xsrf-token",
        "x-xsrf-token",
        "xsrf_token",
        "session",
        "statbate_plus_session",
    }
)
# Keys that hold a person's name in the services' answers.
_NAME_KEYS = frozenset({"username", "broadcaster", "fromUser", "toUser", "model", "name"})
_NAME_LIST_KEYS = frozenset({"models_messaged_2weeks_list", "models_tipped_2weeks_list"})
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,64}")


def mask_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a decoded JSON value with secrets masked in keys' values and in all text."""
    known = tuple(s for s in secrets if s)
    return _mask(value, known)


def _mask(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return mask_secrets(value, secrets)
    if isinstance(value, dict):
        masked: dict[str, Any] = {}
        for key, item in value.items():
            name = mask_secrets(str(key), secrets)
            if name.lower() in _SECRET_KEYS and item is not None and not isinstance(item, bool):
                masked[name] = MASK
            else:
                masked[name] = _mask(item, secrets)
        return masked
    if isinstance(value, list | tuple):
        return [_mask(item, secrets) for item in value]
    return value


def clip(value: Any, limit: int = MAX_EXAMPLE_BYTES) -> Any:
    """`value` itself when it encodes in `limit` bytes; else shortened until it does.

    Long texts are cut and long arrays keep their first items; what still does not fit is
    kept as the start of its JSON text, so an example is always valid JSON.
    """
    if _size(value) <= limit:
        return value
    shortened = _shorten(value)
    if _size(shortened) <= limit:
        return shortened
    text = msgspec.json.encode(shortened).decode(errors="replace")
    return {"truncated": text[: max(0, limit - 32)]}


def safe_example(value: Any, secrets: Iterable[str] = ()) -> Any:
    """An example fit for the drift log: masked, then clipped to about 2 KB."""
    return clip(mask_value(value, secrets))


def _size(value: Any) -> int:
    try:
        return len(msgspec.json.encode(value))
    except (TypeError, ValueError, OverflowError):
        return len(repr(value).encode())


def _shorten(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= _MAX_TEXT else value[:_MAX_TEXT] + "..."
    if isinstance(value, dict):
        return {str(key)[:_MAX_TEXT]: _shorten(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        kept = [_shorten(item) for item in value[:_MAX_ITEMS]]
        if len(value) > _MAX_ITEMS:
            kept.append(f"... {len(value) - _MAX_ITEMS} more")
        return kept
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)[:_MAX_TEXT]


def pseudonymise(value: Any, keep: Iterable[str] = ()) -> Any:
    """A copy of an answer with every person's name replaced by a stable stand-in.

    Names are found under the keys the services use for people (`username`, `broadcaster`,
    `name`, ...); each distinct name becomes `person_1`, `person_2`... everywhere it occurs,
    inside longer texts too (a nextUrl names the broadcaster). Names in `keep` stay.
    """
    kept = {name.lower() for name in keep}
    names: dict[str, str] = {}
    _collect_names(value, names, kept)
    if not names:
        return value
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        + r")(?![A-Za-z0-9_])",
        re.IGNORECASE,
    )
    return _replace_names(value, pattern, names)


def _collect_names(value: Any, names: dict[str, str], kept: set[str]) -> None:
    if isinstance(value, dict):
        # A tag's `name` ({"name": "feet", "category": ...}) is not a person's.
        is_tag = "category" in value or "tag" in value
        for key, item in value.items():
            if key in _NAME_KEYS and isinstance(item, str) and not (key == "name" and is_tag):
                _add_name(item, names, kept)
            elif key in _NAME_LIST_KEYS and isinstance(item, list):
                for name in item:
                    if isinstance(name, str):
                        _add_name(name, names, kept)
            else:
                _collect_names(item, names, kept)
    elif isinstance(value, list):
        for item in value:
            _collect_names(item, names, kept)


def _add_name(name: str, names: dict[str, str], kept: set[str]) -> None:
    lowered = name.lower()
    if _USERNAME.fullmatch(name) and lowered not in kept and lowered not in names:
        names[lowered] = f"person_{len(names) + 1}"


def _replace_names(value: Any, pattern: re.Pattern[str], names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda m: names[m.group(1).lower()], value)
    if isinstance(value, dict):
        return {key: _replace_names(item, pattern, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_names(item, pattern, names) for item in value]
    return value
