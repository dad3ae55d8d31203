"""Bodies of the alert routes (controllers/alerts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from mhc.adapters.http.schemas.common import MAX_ID, Body, Id, Name, PageMeta
from mhc.domain.alerts import (
    MAX_COOLDOWN_MINUTES,
    MAX_MUTE_MINUTES,
    MAX_TOKENS,
    AlertKind,
    Channel,
    DeliveryStatus,
)

RecentTipsLevel = Literal["none", "few", "some", "lots", "tons"]
MAX_RULE_WATCHLISTS = 50
Minutes = Annotated[int, msgspec.Meta(ge=1, le=MAX_COOLDOWN_MINUTES)]
MuteMinutes = Annotated[int, msgspec.Meta(ge=0, le=MAX_MUTE_MINUTES)]
Tokens = Annotated[int, msgspec.Meta(ge=1, le=MAX_TOKENS)]
WatchlistIds = Annotated[
    list[Id],
    msgspec.Meta(
        max_length=MAX_RULE_WATCHLISTS,
        # Litestar's schema of a list drops its items' constraints: stated here.
        extra_json_schema={
            "extra": {"items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
        },
    ),
]
Levels = Annotated[list[RecentTipsLevel], msgspec.Meta(max_length=5)]


class RuleParamsBody(Body):
    """What a rule's kind reads: `watchlistIds` (watchlist_enters: at least one existing
    list), `minTokens` (big_spender_enters: Statbate all-time total; first_visit_tip: one tip)
    and `levels` (recent_tips: Chaturbate's recentTips values that count)."""

    watchlist_ids: WatchlistIds = msgspec.field(default_factory=list)
    min_tokens: Tokens | None = None
    levels: Levels = msgspec.field(default_factory=list)


class CreateAlertRuleRequest(Body):
    """A new rule; `params` must suit its `kind` (else 400 naming `params`)."""

    kind: AlertKind
    name: Name
    params: RuleParamsBody
    enabled: bool = True
    once_per_show: bool = True
    cooldown_minutes: Minutes = 60


class UpdateAlertRuleRequest(Body):
    """The fields to change (left out: unchanged); `params` replaces the rule's whole and must
    suit its kind (else 400 naming `params`)."""

    name: Name | None = None
    enabled: bool | None = None
    params: RuleParamsBody | None = None
    once_per_show: bool | None = None
    cooldown_minutes: Minutes | None = None


class MuteRequest(Body):
    """Mute for `minutes` from now (0 unmutes)."""

    minutes: MuteMinutes


class AlertRuleOut(Body):
    """A rule: once per person per show (`oncePerShow`), or again after `cooldownMinutes`;
    muted until `mutedUntil` when that is in the future."""

    id: int
    kind: AlertKind
    name: str
    enabled: bool
    params: RuleParamsBody
    once_per_show: bool
    cooldown_minutes: int
    muted_until: datetime | None
    created_at: datetime
    updated_at: datetime


class DeliveryOut(Body):
    """How an alert went out on one channel: the panel's open tabs, or Pushover."""

    channel: Channel
    status: DeliveryStatus
    detail: str | None
    updated_at: datetime | None


class AlertOut(Body):
    """An alert sent (a test alert has no rule and no person); the SSE `data` of an `alert`
    message of the alert stream."""

    id: int
    rule_id: int | None
    rule_kind: str
    rule_name: str
    person_id: int | None
    username: str | None
    session_id: int | None
    interaction_id: int | None
    reason: str
    fired_at: datetime
    deliveries: list[DeliveryOut]


class AlertPageOut(PageMeta):
    items: list[AlertOut]


class AlertSettingsOut(Body):
    """Every rule muted until `mutedUntil` (null: not muted); whether Pushover is set up, and
    the panel's public address its messages link to."""

    muted_until: datetime | None
    pushover_configured: bool
    public_url: str | None


class TestAlertOut(Body):
    """The test alert as recorded (the open tabs show it), and how its Pushover trip went."""

    alert: AlertOut
    pushover: DeliveryOut


class PushoverCheckOut(Body):
    """Whether Pushover accepts the configured token and user key (nothing is sent)."""

    ok: bool
    detail: str
