"""Bodies of the on-demand Statbate profile capture (controllers/statbate_profile.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mhc.adapters.http.schemas.common import Body
from mhc.services.capture import CaptureOutcome, ProfilePart


class ProfilePartOut(Body):
    """One part of the profile: what happened, and the snapshot stored when captured."""

    part: ProfilePart
    outcome: CaptureOutcome
    snapshot_id: int | None
    captured_at: datetime | None
    normalized_metrics: dict[str, Any] | None
    detail: str | None


class StatbateProfileOut(Body):
    username: str
    person_id: int | None
    parts: list[ProfilePartOut]
