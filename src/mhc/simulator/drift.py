"""Contract drift on demand: answers changed the way a real service changes without notice.

`sim.drift_answers(STATBATE, add={"data.loyalty_score": 7}, remove=("data.did",),
replace={"data.all_time_tokens": "12,000"})` changes every JSON answer of the route from then
on (`sim.drift_answers(STATBATE)` stops it). Paths are keys joined by dots; `[]` walks every
item of an array (`events[].object.user.age`). A path that leads nowhere in an answer leaves
that answer as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec


@dataclass(frozen=True, slots=True)
class AnswerDrift:
    add: Mapping[str, Any] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    replace: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, body: bytes) -> bytes:
        """The JSON `body` with the drift applied (a body that is not JSON stays as it is)."""
        try:
            document = msgspec.json.decode(body)
        except msgspec.DecodeError:
            return body
        for path, value in self.add.items():
            _set(document, _steps(path), value, create=True)
        for path, value in self.replace.items():
            _set(document, _steps(path), value, create=False)
        for path in self.remove:
            _remove(document, _steps(path))
        return msgspec.json.encode(document)


def _steps(path: str) -> list[str]:
    """`events[].object.user` as ["events", "[]", "object", "user"]."""
    steps: list[str] = []
    for part in path.split("."):
        if part.endswith("[]"):
            steps += [part[:-2], "[]"]
        else:
            steps.append(part)
    return [step for step in steps if step]


def _containers(document: Any, steps: list[str]) -> list[Any]:
    """Every value the steps lead to."""
    found = [document]
    for step in steps:
        following: list[Any] = []
        for value in found:
            if step == "[]" and isinstance(value, list):
                following += value
            elif isinstance(value, dict) and step in value:
                following.append(value[step])
        found = following
    return found


def _set(document: Any, steps: list[str], value: Any, *, create: bool) -> None:
    *parents, key = steps
    for container in _containers(document, parents):
        if isinstance(container, dict) and (create or key in container):
            container[key] = value


def _remove(document: Any, steps: list[str]) -> None:
    *parents, key = steps
    for container in _containers(document, parents):
        if isinstance(container, dict):
            container.pop(key, None)
