"""Bodies of the owner's settings routes (controllers/settings.py)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from mhc.adapters.http.schemas.common import Body
from mhc.domain.owner_clock import MAX_TIMEZONE_LENGTH, ClockStyle

TimeZoneName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_TIMEZONE_LENGTH,
        pattern=r"^[A-Za-z0-9_+\-/]+$",
        description="an IANA time zone name, such as Europe/London or America/New_York",
        examples=["America/New_York"],
    ),
]


class SettingsOut(Body):
    """The owner's clock: every time the panel shows is in `timezone`, on `clock`."""

    timezone: str
    clock: ClockStyle
    # What applies until the owner saves a zone (MHC_TIMEZONE, else UTC).
    default_timezone: str


class SettingsRequest(Body):
    timezone: TimeZoneName
    clock: ClockStyle
