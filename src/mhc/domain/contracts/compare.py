"""Our reading of the external services' contracts, and the comparison that notices drift.

A contract says, per endpoint and answer status, what shape the JSON body has: which keys an
object carries (required or optional), what JSON type each value is, what an array holds. The
comparison walks a decoded body against it and returns findings: keys nobody told us about,
keys that stopped coming, values whose JSON type changed, Events API methods we do not know.
The callers add the findings only they can see: a body that does not decode, a status the
service does not document. Nothing here raises on odd input, and nothing is dropped: the
panel keeps the raw payload wherever a finding comes from.

Paths name a place in every answer at once: array positions are written `[]`, so one new key
in a hundred events is one finding counted a hundred times (`$.events[].object.user.age`).
The findings and their tally are in `findings.py`.
"""

from __future__ import annotations

import abc
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from mhc.domain.contracts.findings import (
    DriftKind,
    Finding,
    clip_key,
    clip_subject,
    unexpected_status,
)

STRING = "string"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
NULL = "null"
OBJECT = "object"
ARRAY = "array"

# Statuses that say something about the call, not about the contract: refused credentials,
# rate limits and server trouble are retried or reported as failures, never as drift.
NOT_DRIFT_STATUSES = frozenset({401, 403, 419, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,80}")


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value (`integer` and `number` kept apart)."""
    exact = _TYPE_NAMES.get(type(value))
    if exact is not None:
        return exact
    # Decoders give exact types; anything else is named by the nearest JSON type it extends.
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return ARRAY if isinstance(value, tuple) else type(value).__name__


@functools.lru_cache(maxsize=4096)
def child_path(path: str, key: str) -> str:
    """`path` extended by an object key; odd keys are quoted and shortened."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    shown = clip_key(key)
    return f"{path}[{msgspec.json.encode(shown).decode()}]"


_TYPE_NAMES: dict[type, str] = {
    str: STRING,
    int: INTEGER,
    bool: BOOLEAN,
    float: NUMBER,
    type(None): NULL,
    dict: OBJECT,
    list: ARRAY,
}


class Shape(abc.ABC):
    """What a JSON value should look like."""

    __slots__ = ()

    @abc.abstractmethod
    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        """Append every difference between `value` (found at `path`, inside `container`) and
        this shape to `out`."""

    @abc.abstractmethod
    def describe(self) -> str:
        """The shape in a few words, for findings and reports."""


@dataclass(frozen=True, slots=True)
class Value(Shape):
    """A value of one of the JSON `types` (`number` accepts integers too)."""

    types: frozenset[str]
    # The JSON types that pass: `number` lets integers through too.
    accepted: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        extra = {INTEGER} if NUMBER in self.types else set()
        object.__setattr__(self, "accepted", self.types | extra)

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        found = _TYPE_NAMES.get(type(value)) or json_type(value)
        if found not in self.accepted:
            out.append(_type_changed(path, self.describe(), found, container))

    def describe(self) -> str:
        return " or ".join(sorted(self.types))


@dataclass(frozen=True, slots=True)
class AnyValue(Shape):
    """Anything at all: the contract says nothing about this value."""

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        return

    def describe(self) -> str:
        return "any value"


@dataclass(frozen=True, slots=True)
class Obj(Shape):
    """An object with `required` keys that must come and `optional` keys that may."""

    required: Mapping[str, Shape]
    optional: Mapping[str, Shape] = field(default_factory=dict)
    fields: Mapping[str, Shape] = field(init=False, repr=False)
    required_keys: frozenset[str] = field(init=False, repr=False)
    # The Python types that pass, per key holding a scalar: this runs for every key of every
    # event the worker stores, so a scalar costs one lookup and its path is built only for a
    # difference.
    scalar_types: Mapping[str, frozenset[type]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        fields = {**self.optional, **self.required}
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "required_keys", frozenset(self.required))
        scalars = {
            key: frozenset(t for t, name in _TYPE_NAMES.items() if name in shape.accepted)
            for key, shape in fields.items()
            if isinstance(shape, Value)
        }
        object.__setattr__(self, "scalar_types", scalars)

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        if not isinstance(value, dict):
            out.append(_type_changed(path, OBJECT, json_type(value), container))
            return
        fields = self.fields
        scalar_types = self.scalar_types
        for key, item in value.items():
            accepted = scalar_types.get(key)
            if accepted is not None:
                if type(item) not in accepted:
                    expected = fields[key].describe()
                    found = json_type(item)
                    out.append(_type_changed(child_path(path, key), expected, found, value))
                continue
            shape = fields.get(key)
            if shape is None:
                out.append(
                    Finding(
                        kind=DriftKind.UNKNOWN_FIELD,
                        subject=clip_subject(child_path(path, str(key))),
                        detail=f"not in the contract (came as {json_type(item)})",
                        example=value,
                    )
                )
            else:
                shape.check(item, child_path(path, key), value, out)
        if not self.required_keys <= value.keys():
            for key in sorted(self.required_keys - value.keys()):
                out.append(
                    Finding(
                        kind=DriftKind.MISSING_FIELD,
                        subject=clip_subject(child_path(path, key)),
                        detail=f"required {self.required[key].describe()}, absent",
                        example=value,
                    )
                )

    def describe(self) -> str:
        return OBJECT


@dataclass(frozen=True, slots=True)
class Arr(Shape):
    """An array whose every item has the shape `items`."""

    items: Shape

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        if not isinstance(value, list):
            out.append(_type_changed(path, ARRAY, json_type(value), container))
            return
        item_path = f"{path}[]"
        items = self.items
        for item in value:
            items.check(item, item_path, value, out)

    def describe(self) -> str:
        return ARRAY


@dataclass(frozen=True, slots=True)
class OneOf(Shape):
    """One of several shapes; a value matching none is reported against the closest one."""

    options: tuple[Shape, ...]

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        closest: list[Finding] | None = None
        for option in self.options:
            found: list[Finding] = []
            option.check(value, path, container, found)
            if not found:
                return
            if closest is None or len(found) < len(closest):
                closest = found
        if closest is not None:
            out.extend(closest)

    def describe(self) -> str:
        return " or ".join(option.describe() for option in self.options)


@dataclass(frozen=True, slots=True)
class Tagged(Shape):
    """An object whose shape depends on the string at `key` (the Events API's `method`).

    A tag outside `cases` is an unknown_method finding (subject: the tag), and the object is
    then held to `fallback`, the keys every case shares.
    """

    key: str
    cases: Mapping[str, Shape]
    fallback: Shape

    def check(self, value: Any, path: str, container: Any, out: list[Finding]) -> None:
        if not isinstance(value, dict):
            out.append(_type_changed(path, OBJECT, json_type(value), container))
            return
        tag = value.get(self.key)
        case = self.cases.get(tag) if isinstance(tag, str) else None
        if case is None:
            case = self.fallback
            if isinstance(tag, str) and tag:
                out.append(
                    Finding(
                        kind=DriftKind.UNKNOWN_METHOD,
                        subject=clip_subject(tag),
                        detail=f"{self.key} {clip_key(tag)!r} is not in the contract",
                        example=value,
                    )
                )
        case.check(value, path, container, out)

    def describe(self) -> str:
        return OBJECT


ANY = AnyValue()


def of(*types: str) -> Value:
    """A value of the given JSON types: `of(STRING, NULL)`."""
    return Value(frozenset(types))


@dataclass(frozen=True, slots=True)
class EndpointContract:
    """One endpoint as we read its contract: the body shape of each status it documents.

    `name` is the short name commands and recorded payload files use (`member-info`);
    `endpoint` is the label drift is counted under, with no username or secret in it.
    """

    service: str
    name: str
    endpoint: str
    answers: Mapping[int, Shape]

    def check(self, status: int, body: Any) -> list[Finding]:
        """Every difference between one answer and the contract."""
        shape = self.answers.get(status)
        if shape is None:
            if status in NOT_DRIFT_STATUSES:
                return []
            return [unexpected_status(status, self.answers, body)]
        found: list[Finding] = []
        shape.check(body, "$", None, found)
        return found


def _type_changed(path: str, expected: str, found: str, container: Any) -> Finding:
    return Finding(
        kind=DriftKind.TYPE_CHANGED,
        subject=clip_subject(path),
        detail=f"expected {expected}, got {found}",
        example=container,
    )
