"""Bodies of the home page's search (controllers/lookup.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import (
    Body,
    InteractionOut,
    PersonDetailOut,
)
from mhc.domain.models import (
    Role,
    SnapshotSource,
)
from mhc.services.lookup import StatbateFetch


class LookupRequest(Body):
    """`username` may be empty (or left out) when `pastedText` names the people."""

    username: (
        Annotated[str, msgspec.Meta(max_length=100, pattern=r"^\s*(@?[A-Za-z0-9_]{1,64})?\s*$")]
        | None
    ) = None
    role: Role | None = None
    pasted_text: Annotated[str, msgspec.Meta(max_length=500_000)] | None = None
    include_statbate: bool = False
    include_my_room_data: bool = True


class LookupResultOut(PersonDetailOut):
    """`foundAs`: where the lookup read the name ("typed", or speaker, tip, mention, url, list,
    field in the paste)."""

    interactions: list[InteractionOut]
    found_as: list[str]


class NewNameOut(Body):
    """A name the panel has never seen: nobody is created until the owner acts on it."""

    username: str
    found_as: list[str]


class LookupFailureOut(Body):
    service: str
    message: str


class StatbateUseOut(Body):
    """What "Include Statbate" did for one person: `fetched` now, `fresh` (the snapshot of
    `capturedAt` is recent enough: reused, not paid for again), `not_found` or `failed`."""

    person_id: int
    username: str
    source: SnapshotSource
    outcome: StatbateFetch
    captured_at: datetime | None


class LookupResponse(Body):
    """Known people in the order they were found; `newNames` the names never seen."""

    people: list[LookupResultOut]
    new_names: list[NewNameOut]
    excluded: list[str]
    failures: list[LookupFailureOut]
    statbate: list[StatbateUseOut]
