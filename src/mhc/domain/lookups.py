"""Automatic Statbate look-ups of the people in the room: who is due, and what came of it.

Everyone the room sees (an enter, a chat, a tip, a private message, a follow, a fan-club join,
a media purchase) whose latest Statbate member snapshot is older than the freshness window,
or who has none, is queued; the owner and excluded people never are. "Not on Statbate" is an
answer too, remembered for the same window, so the same name is not asked about again and
again. A call that fails leaves every name it carried in the queue, to be tried again later.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import msgspec

from mhc.domain.models import InteractionType

DEFAULT_FRESHNESS = timedelta(hours=24)
# Names a batch call carries at most (Statbate's own limit).
BATCH_NAMES = 100
# After an answer with an error for one name (not "not found"): ask again after this long.
FAILED_RETRY = timedelta(hours=1)
# Waits before retrying names whose call failed as a whole; the last one repeats.
RETRY_DELAYS: tuple[float, ...] = (5.0, 15.0, 30.0, 60.0, 120.0, 300.0)
# A refused token needs the owner: ask again rarely.
REFUSED_RETRY_SECONDS = 600.0

# The events that say someone is in the room (a leave says the opposite; room events are the
# broadcaster's).
PRESENCE_TYPES: frozenset[InteractionType] = frozenset(
    {
        InteractionType.USER_ENTER,
        InteractionType.CHAT_MESSAGE,
        InteractionType.PRIVATE_MESSAGE,
        InteractionType.TIP,
        InteractionType.FOLLOW,
        InteractionType.FANCLUB_JOIN,
        InteractionType.MEDIA_PURCHASE,
    }
)


class LookupState(enum.StrEnum):
    QUEUED = "queued"
    FOUND = "found"
    NOT_FOUND = "not_found"
    FAILED = "failed"


class LookupStatus(msgspec.Struct, frozen=True, kw_only=True):
    """Where a person's automatic look-up stands.

    `at` is when it was queued (queued), answered (found, not on Statbate) or failed; `error`
    says why the last attempt failed (a queued look-up with an error is being retried).
    """

    state: LookupState
    at: datetime | None = None
    error: str | None = None
    attempts: int = 0


class DueLookup(msgspec.Struct, frozen=True, kw_only=True):
    person_id: int
    username: str
    attempts: int


class LookupAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """What one call said about one queued person."""

    person_id: int
    state: LookupState
    # When a re-look-up may happen: the freshness window for an answer, later for a failure.
    retry_at: datetime
    error: str | None = None


def retry_delay(attempts: int, *, refused: bool = False) -> float:
    """Seconds before names whose call failed `attempts` times are tried again."""
    if refused:
        return REFUSED_RETRY_SECONDS
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def is_fresh(captured_at: datetime | None, now: datetime, freshness: timedelta) -> bool:
    """Whether a snapshot captured at `captured_at` still counts as current."""
    return captured_at is not None and now - captured_at < freshness


def is_not_found(error: str | None) -> bool:
    """Whether a batch item's error means "Statbate does not know this member"."""
    return error is not None and "not found" in error.lower()
