"""Ports of the alerts: the rules and the log of alerts sent (with their deliveries), the
announcements that reach the panel's open tabs, and the phone notification service."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

import msgspec

from mhc.domain.alerts import (
    AlertKind,
    AlertRecord,
    AlertRule,
    Channel,
    DeliveryStatus,
    LastAlert,
    NewAlert,
    PushMessage,
    RuleChange,
)


class AlertPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[AlertRecord]
    total: int


class AlertListener(Protocol):
    async def wait(self, seconds: float) -> bool:
        """True as soon as an alert is announced, False after `seconds` of silence;
        LiveFeedUnavailable when the connection dropped."""
        ...


class AlertStore(Protocol):
    """The rules, the global mute and the log. StoreUnavailable when the database is away."""

    async def rules(self) -> list[AlertRule]: ...

    async def rule(self, rule_id: int) -> AlertRule | None: ...

    async def create_rule(self, kind: AlertKind, change: RuleChange) -> AlertRule:
        """A new rule; every field of `change` is given."""
        ...

    async def update_rule(self, rule_id: int, change: RuleChange) -> AlertRule | None:
        """Change the fields `change` gives; None for an unknown rule."""
        ...

    async def delete_rule(self, rule_id: int) -> bool: ...

    async def mute_rule(self, rule_id: int, until: datetime | None) -> AlertRule | None: ...

    async def muted_until(self) -> datetime | None:
        """Until when every rule is muted (None: not muted)."""
        ...

    async def mute_all(self, until: datetime | None) -> None: ...

    async def watchlist_ids(self) -> set[int]: ...

    async def last_alerts(self, person_id: int, rule_ids: Collection[int]) -> dict[int, LastAlert]:
        """The newest alert each rule sent about the person."""
        ...

    async def record(self, alert: NewAlert) -> AlertRecord:
        """Store the alert and its deliveries (announced to the panel's open tabs)."""
        ...

    async def set_delivery(
        self, alert_id: int, channel: Channel, status: DeliveryStatus, detail: str | None
    ) -> None: ...

    async def page(self, *, limit: int, offset: int) -> AlertPage:
        """The log, newest first."""
        ...

    async def after(self, alert_id: int, *, limit: int, since: datetime) -> list[AlertRecord]:
        """Alerts with an id above `alert_id` fired at `since` or later, oldest first."""
        ...

    async def newest_id(self) -> int | None: ...

    def listen(self) -> AbstractAsyncContextManager[AlertListener]:
        """Listen for new alerts; reads made inside the block miss nothing announced later."""
        ...


class PushCheck(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the phone notification service accepts the configured credentials."""

    ok: bool
    detail: str


class PushNotifier(Protocol):
    """Pushover (or whatever stands in for it): a message to the owner's phone."""

    async def configured(self) -> bool:
        """Whether credentials are set now (they may be set on the panel at any time);
        without them nothing is sent."""
        ...

    async def send(self, message: PushMessage) -> None:
        """Send one message; ExternalServiceError when it did not go out."""
        ...

    async def check(self) -> PushCheck:
        """Ask the service whether the credentials are good, without sending anything."""
        ...
