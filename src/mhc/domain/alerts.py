"""Alert rules: who walking in (or what they do) is worth telling the owner about, and when an
alert is due again.

A rule has a kind, the kind's parameters, and how often it may fire for one person: once per
show (the default), or again after a cooldown. A rule can be muted for a while, and so can
every rule at once. Pure functions: the alert watcher feeds them what it knows of a room event.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import msgspec

from mhc.domain.errors import InvalidInput
from mhc.domain.radar import PRESENCE_MAX_AGE
from mhc.domain.viewer_flags import RECENT_TIPS_LEVELS

# Events older than this when they are read (a worker catching up on a backlog) alert nobody:
# the moment has passed.
MAX_EVENT_AGE = timedelta(minutes=10)
MAX_COOLDOWN_MINUTES = 7 * 24 * 60
MAX_MUTE_MINUTES = 7 * 24 * 60
MAX_TOKENS = 1_000_000_000
NOTE_EXCERPT = 80


class AlertKind(enum.StrEnum):
    """What a rule watches for."""

    WATCHLIST_ENTERS = "watchlist_enters"
    BIG_SPENDER_ENTERS = "big_spender_enters"
    RECENT_TIPS = "recent_tips"
    FIRST_VISIT_TIP = "first_visit_tip"
    NOTED_ENTERS = "noted_enters"


# What a test alert records as its kind (no rule fires it).
TEST_KIND = "test"


class RuleParams(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The parameters of every kind (each kind reads its own, see `check_params`)."""

    watchlist_ids: tuple[int, ...] = ()
    min_tokens: int | None = None
    levels: tuple[str, ...] = ()


class AlertRule(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: AlertKind
    name: str
    enabled: bool
    params: RuleParams
    once_per_show: bool
    cooldown_minutes: int
    muted_until: datetime | None
    created_at: datetime
    updated_at: datetime


class RuleChange(msgspec.Struct, frozen=True, kw_only=True):
    """A rule as the owner writes it (every field given on create; None = unchanged on edit)."""

    name: str | None = None
    enabled: bool | None = None
    params: RuleParams | None = None
    once_per_show: bool | None = None
    cooldown_minutes: int | None = None


class Arrival(msgspec.Struct, frozen=True, kw_only=True):
    """What is known about a room event of someone, when the rules look at it.

    `arrived`: this event put them in the room (an enter, or the first sign of them since they
    last left). `first_visit`: the room never saw them before this show.
    """

    interaction_id: int | None
    person_id: int
    username: str
    event_type: str
    occurred_at: datetime
    session_id: int | None
    arrived: bool
    first_visit: bool
    tokens: int | None = None
    watchlists: tuple[tuple[int, str], ...] = ()
    statbate_all_time_tokens: int | None = None
    recent_tips: str | None = None
    latest_note: str | None = None


class LastAlert(msgspec.Struct, frozen=True, kw_only=True):
    """The newest alert a rule sent about a person."""

    fired_at: datetime
    session_id: int | None


def check_params(kind: AlertKind, params: RuleParams, known_watchlists: Iterable[int]) -> None:
    """InvalidInput (field `params`) unless `params` suits `kind`."""
    if kind is AlertKind.WATCHLIST_ENTERS:
        if not params.watchlist_ids:
            raise InvalidInput("choose at least one watchlist", field="params")
        unknown = sorted(set(params.watchlist_ids) - set(known_watchlists))
        if unknown:
            raise InvalidInput(f"no watchlist with id {unknown[0]}", field="params")
    elif kind in (AlertKind.BIG_SPENDER_ENTERS, AlertKind.FIRST_VISIT_TIP):
        if params.min_tokens is None or not 1 <= params.min_tokens <= MAX_TOKENS:
            raise InvalidInput(f"minTokens must be between 1 and {MAX_TOKENS:,}", field="params")
    elif kind is AlertKind.RECENT_TIPS and (
        not params.levels or not set(params.levels) <= set(RECENT_TIPS_LEVELS)
    ):
        levels = ", ".join(RECENT_TIPS_LEVELS)
        raise InvalidInput(f"levels must name some of {levels}", field="params")


def check_change(change: RuleChange) -> None:
    """InvalidInput naming the field when a change breaks a rule of its own."""
    if change.name is not None and not change.name.strip():
        raise InvalidInput("a rule needs a name", field="name")
    minutes = change.cooldown_minutes
    if minutes is not None and not 1 <= minutes <= MAX_COOLDOWN_MINUTES:
        raise InvalidInput(
            f"cooldownMinutes must be between 1 and {MAX_COOLDOWN_MINUTES}",
            field="cooldown_minutes",
        )


def reason(rule: AlertRule, arrival: Arrival) -> str | None:
    """Why `rule` fires for `arrival` (one line, for people), or None when it does not."""
    params = rule.params
    if rule.kind is AlertKind.WATCHLIST_ENTERS:
        lists = [name for list_id, name in arrival.watchlists if list_id in params.watchlist_ids]
        return f"entered; on {', '.join(lists)}" if arrival.arrived and lists else None
    if rule.kind is AlertKind.BIG_SPENDER_ENTERS:
        total = arrival.statbate_all_time_tokens
        if arrival.arrived and total is not None and total >= (params.min_tokens or 0):
            return f"entered; {total:,} tokens tipped all-time on Statbate"
        return None
    if rule.kind is AlertKind.RECENT_TIPS:
        if arrival.recent_tips is not None and arrival.recent_tips in params.levels:
            return f"in the room; Chaturbate says they tipped {arrival.recent_tips} lately"
        return None
    if rule.kind is AlertKind.FIRST_VISIT_TIP:
        tokens = arrival.tokens
        if (
            arrival.event_type == "TIP"
            and arrival.first_visit
            and tokens is not None
            and tokens >= (params.min_tokens or 0)
        ):
            return f"first visit, tipped {tokens:,} tokens"
        return None
    if arrival.arrived and arrival.latest_note:
        note = " ".join(arrival.latest_note.split())
        excerpt = note if len(note) <= NOTE_EXCERPT else note[: NOTE_EXCERPT - 1] + "…"
        return f"entered; your note: {excerpt}"
    return None


def is_due(
    rule: AlertRule,
    last: LastAlert | None,
    arrival: Arrival,
    now: datetime,
    muted_until: datetime | None = None,
) -> bool:
    """Whether `rule` may alert about `arrival` now: enabled, not muted (nor every rule), the
    event recent, and once per show (a show is the live session; without one, PRESENCE_MAX_AGE)
    or after the cooldown since `last`."""
    if not rule.enabled or now - arrival.occurred_at > MAX_EVENT_AGE:
        return False
    if any(until is not None and until > now for until in (rule.muted_until, muted_until)):
        return False
    if last is None:
        return True
    if not rule.once_per_show:
        return now - last.fired_at >= timedelta(minutes=rule.cooldown_minutes)
    if arrival.session_id is not None:
        return last.session_id != arrival.session_id
    return now - last.fired_at >= PRESENCE_MAX_AGE


class PushMessage(msgspec.Struct, frozen=True, kw_only=True):
    """A phone notification: who, why, and a link to their page in the panel when it has an
    address."""

    title: str
    message: str
    timestamp: datetime
    url: str | None = None
    url_title: str | None = None


def push_message(
    *,
    username: str | None,
    rule_name: str,
    why: str,
    at: datetime,
    person_id: int | None,
    public_url: str | None,
) -> PushMessage:
    title = f"{username}: {rule_name}" if username else rule_name
    url = None
    if public_url and person_id is not None:
        url = f"{public_url.rstrip('/')}/person/{person_id}"
    return PushMessage(
        title=title[:250],
        message=why[:1000] or rule_name,
        timestamp=at,
        url=url,
        url_title="Open in the panel" if url else None,
    )


class Channel(enum.StrEnum):
    """Where an alert goes: the panel's open tabs (a toast and a browser notification), and the
    owner's phone through Pushover."""

    PANEL = "panel"
    PUSHOVER = "pushover"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # The channel is not set up (no Pushover credentials).
    SKIPPED = "skipped"


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    channel: Channel
    status: DeliveryStatus
    detail: str | None = None
    updated_at: datetime | None = None


class NewAlert(msgspec.Struct, frozen=True, kw_only=True):
    """An alert about to be recorded; `rule_id` None for a test alert."""

    rule_id: int | None
    rule_kind: str
    rule_name: str
    person_id: int | None
    username: str | None
    session_id: int | None
    interaction_id: int | None
    reason: str
    fired_at: datetime
    deliveries: tuple[Delivery, ...]


class AlertRecord(NewAlert, frozen=True, kw_only=True):
    """An alert as the log keeps it."""

    id: int
