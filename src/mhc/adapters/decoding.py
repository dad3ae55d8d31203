"""Decoding an answer into its struct while keeping every part that still fits.

When a service changes the type of one field, refusing the whole answer would throw away
everything else it said. Instead the value msgspec rejects is left out (its field falls back
to the struct's default) and the decoding is tried again; the caller reports what was left
out as drift, and the raw answer, which keeps everything, is stored as it came.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")

# After this many left-out values the answer is taken as not fitting at all.
MAX_LEFT_OUT = 20
_AT = re.compile(r" - at `(\$[^`]*)`$")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class LeftOut(msgspec.Struct, frozen=True):
    """A value the struct could not hold: where it was (a concrete path) and why."""

    path: str
    reason: str


def convert_keeping_what_fits(value: Any, into: type[T]) -> tuple[T, list[LeftOut]]:
    """`value` decoded into `into` (lenient: "12" is 12), leaving out what does not fit.

    Raises msgspec.ValidationError when the answer does not fit even so: the problem is at
    its root, a required field is missing, or too much had to be left out.
    """
    left_out: list[LeftOut] = []
    current = value
    while True:
        try:
            return msgspec.convert(current, into, strict=False), left_out
        except msgspec.ValidationError as exc:
            message = str(exc)
            match = _AT.search(message)
            if match is None or len(left_out) >= MAX_LEFT_OUT:
                raise
            path = match.group(1)
            pruned = _without(current, _steps(path))
            if pruned is None:
                raise
            left_out.append(LeftOut(path, message[: match.start()]))
            current = pruned


def _steps(path: str) -> list[str | int] | None:
    """`$.data.tags[1]` as ["data", "tags", 1]; None for the root or a path not understood."""
    rest = path[1:]
    steps: list[str | int] = []
    position = 0
    while position < len(rest):
        match = _STEP.match(rest, position)
        if match is None:
            return None
        name, index = match.groups()
        steps.append(name if name is not None else int(index))
        position = match.end()
    return steps or None


def _without(value: Any, steps: list[str | int] | None) -> Any:
    """A copy of `value` without the element at `steps` (only the containers on the way are
    copied); None when the path does not lead to an element."""
    if not steps:
        return None
    head, rest = steps[0], steps[1:]
    if isinstance(head, str) and isinstance(value, dict) and head in value:
        copied = dict(value)
        if rest:
            inner = _without(value[head], rest)
            if inner is None:
                return None
            copied[head] = inner
        else:
            del copied[head]
        return copied
    if isinstance(head, int) and isinstance(value, list) and 0 <= head < len(value):
        items = list(value)
        if rest:
            inner = _without(value[head], rest)
            if inner is None:
                return None
            items[head] = inner
        else:
            del items[head]
        return items
    return None
