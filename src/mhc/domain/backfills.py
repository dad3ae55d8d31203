"""Backfills: long work that says how far it got (what they are, and their rules without I/O).

Three kinds: Statbate member snapshots of many names (counted in names), the room's tip history
from Statbate (counted in pages) and the room's Statbate Plus chat history (counted in
messages). `done` counts units that succeeded and `failed` units that did not, so a finished
run has `done + failed == total`.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

import msgspec

from mhc.domain.models import JsonObject

# Beyond this a list is better served by a watchlist (and the API body stays small).
MAX_USERNAMES = 1000
# Statbate's batch endpoint takes at most 100 names: one call, one chunk of progress.
SNAPSHOT_CHUNK = 100
# A label names at most this many of the names it covers.
_LABEL_NAMES = 3


class BackfillKind(enum.StrEnum):
    STATBATE_SNAPSHOTS = "statbate_snapshots"
    TIP_HISTORY = "tip_history"
    CHAT_IMPORT = "chat_import"


class BackfillStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class BackfillOrigin(enum.StrEnum):
    CLI = "cli"
    UI = "ui"


UNITS: dict[BackfillKind, str] = {
    BackfillKind.STATBATE_SNAPSHOTS: "names",
    BackfillKind.TIP_HISTORY: "pages",
    BackfillKind.CHAT_IMPORT: "messages",
}


class BackfillRequest(msgspec.Struct, frozen=True, kw_only=True):
    """What the owner asked for, before it is checked.

    Snapshots take `usernames` or a watchlist (by id from the panel, by name from the CLI);
    the tip history is the owner's room's; a chat import is of `room` (the owner's by default).
    `since` is inclusive and `until` exclusive.
    """

    kind: BackfillKind
    usernames: tuple[str, ...] = ()
    watchlist_id: int | None = None
    watchlist_name: str | None = None
    room: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    # Names an erasure forgot stay forgotten (refused or skipped) unless the owner says so.
    include_erased: bool = False


class BackfillParams(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a checked backfill works on, kept in its row (names, a list, a room, dates;
    never a credential), so that a worker can run what the panel queued."""

    usernames: tuple[str, ...] = ()
    watchlist_id: int | None = None
    room: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_erased: bool = False


class NewBackfill(msgspec.Struct, frozen=True, kw_only=True):
    kind: BackfillKind
    label: str
    params: BackfillParams
    origin: BackfillOrigin
    # The CLI records its run as running from the start; the panel queues.
    status: BackfillStatus
    worker_id: str | None = None


class Backfill(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: BackfillKind
    label: str
    params: JsonObject
    origin: BackfillOrigin
    status: BackfillStatus
    # None while the amount of work is unknown.
    total: int | None
    done: int
    failed: int
    summary: dict[str, int]
    last_error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    worker_id: str | None
    # When the owner asked the panel to cancel the run; its process stops at its next chunk.
    cancel_requested_at: datetime | None

    @property
    def unit(self) -> str:
        return UNITS[self.kind]

    def decoded_params(self) -> BackfillParams:
        return msgspec.convert(self.params, BackfillParams)


class BackfillPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Backfill]
    total: int
    limit: int
    offset: int


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    """How far a running backfill got, as its listeners (the CLI's bar) see it."""

    backfill_id: int
    unit: str
    total: int | None
    done: int
    failed: int

    @property
    def processed(self) -> int:
        return self.done + self.failed


ProgressListener = Callable[[Progress], None]


class Throttle:
    """Lets something through at most once per `interval` seconds of a monotonic clock."""

    def __init__(self, interval: float, monotonic: Callable[[], float]) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._last: float | None = None

    def ready(self) -> bool:
        """True (and the interval restarts) when the last pass is `interval` ago or never was."""
        now = self._monotonic()
        if self._last is not None and now - self._last < self._interval:
            return False
        self._last = now
        return True


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time(), tzinfo=UTC)


def day_end(day: date) -> datetime:
    """Midnight UTC after `day`: a date given as "until" covers the whole day."""
    return day_start(day) + timedelta(days=1)


def label_for(
    kind: BackfillKind, params: BackfillParams, *, watchlist_name: str | None = None
) -> str:
    """What the panel and the CLI call a backfill."""
    if kind is BackfillKind.STATBATE_SNAPSHOTS:
        if params.watchlist_id is not None:
            return f"Statbate snapshots of watchlist {watchlist_name or params.watchlist_id}"
        names = params.usernames
        shown = ", ".join(names[:_LABEL_NAMES])
        more = f" and {len(names) - _LABEL_NAMES} more" if len(names) > _LABEL_NAMES else ""
        noun = "name" if len(names) == 1 else "names"
        return f"Statbate snapshots of {len(names)} {noun} ({shown}{more})"
    what = "Tip history" if kind is BackfillKind.TIP_HISTORY else "Chat history"
    return f"{what} of {params.room}{_interval_text(params.since, params.until)}"


def _interval_text(since: datetime | None, until: datetime | None) -> str:
    parts = []
    if since is not None:
        parts.append(f" from {_moment_text(since)}")
    if until is not None:
        parts.append(f" until {_moment_text(until)}")
    return "".join(parts)


def _moment_text(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    if moment.time() == time():
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def parse_statbate_time(text: str | None) -> datetime | None:
    """A Statbate date-time (RFC 3339, or `YYYY-MM-DD HH:MM:SS` in UTC); None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def tip_source_event_id(room: str, tipper: str, at: datetime, tokens: int, ordinal: int) -> str:
    """A stable id for a tip of Statbate's room tip history, which gives tips no id of their
    own: the room, tipper, second and amount, plus its ordinal among identical tips of one run
    (two equal tips in the same second are two tips). Re-running over the same dates gives the
    same ids, so nothing is stored twice."""
    second = at.astimezone(UTC).replace(microsecond=0).isoformat()
    fingerprint = f"{room}|{tipper}|{second}|{tokens}|{ordinal}"
    return f"tip-history:{room}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"


def chunked(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
