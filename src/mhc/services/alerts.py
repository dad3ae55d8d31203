"""Use cases of the alerts for the panel: the rules (switched on, tuned, muted), muting every
rule at once, a test alert, the log of alerts sent, and the live stream that shows each new
alert on every open tab (a toast, and a browser notification)."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Sequence
from datetime import datetime, timedelta

import anyio
import msgspec

from mhc.domain.alerts import (
    MAX_MUTE_MINUTES,
    TEST_KIND,
    AlertKind,
    AlertRecord,
    AlertRule,
    Delivery,
    NewAlert,
    RuleChange,
    RuleParams,
    check_change,
    check_params,
)
from mhc.domain.errors import InvalidInput, NotFound
from mhc.ports.alerts import AlertPage, AlertStore, PushCheck
from mhc.ports.clock import Clock
from mhc.ports.radar import LiveFeedUnavailable
from mhc.services.alert_delivery import AlertSender, planned_deliveries
from mhc.services.radar import RECONNECT_DELAYS, Heartbeat, Sleep

log = logging.getLogger("mhc.alerts")

HEARTBEAT_SECONDS = 15.0
# A tab that reconnects gets the alerts it missed, if they are this recent (older ones would
# only be noise) and at most this many.
CATCH_UP_AGE = timedelta(minutes=10)
CATCH_UP_LIMIT = 20
TEST_REASON = "A test alert: this is how alerts reach you."


class AlertSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Until when every rule is muted, and which deliveries are set up."""

    muted_until: datetime | None
    pushover_configured: bool
    public_url: str | None


class TestOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """The test alert as recorded, with how its trip to the phone went."""

    alert: AlertRecord
    pushover: Delivery


class AlertService:
    def __init__(
        self,
        store: AlertStore,
        sender: AlertSender,
        clock: Clock,
        *,
        public_url: str | None = None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        reconnect_delays: Sequence[float] = RECONNECT_DELAYS,
        sleep: Sleep | None = None,
    ) -> None:
        self._store = store
        self._sender = sender
        self._clock = clock
        self._public_url = public_url
        self._heartbeat_seconds = heartbeat_seconds
        self._reconnect_delays = tuple(reconnect_delays) or (1.0,)
        self._sleep = sleep

    # --- rules ------------------------------------------------------------------------------

    async def rules(self) -> list[AlertRule]:
        return await self._store.rules()

    async def create_rule(self, kind: AlertKind, change: RuleChange) -> AlertRule:
        """A new rule of `kind`; InvalidInput (nothing stored) when it breaks a rule."""
        whole = RuleChange(
            name=change.name if change.name is not None else "",
            enabled=True if change.enabled is None else change.enabled,
            params=change.params or RuleParams(),
            once_per_show=True if change.once_per_show is None else change.once_per_show,
            cooldown_minutes=change.cooldown_minutes or 60,
        )
        await self._check(kind, whole)
        return await self._store.create_rule(kind, whole)

    async def update_rule(self, rule_id: int, change: RuleChange) -> AlertRule:
        rule = await self._rule(rule_id)
        await self._check(rule.kind, change)
        updated = await self._store.update_rule(rule_id, change)
        if updated is None:
            raise NotFound(f"alert rule {rule_id} does not exist")
        return updated

    async def delete_rule(self, rule_id: int) -> None:
        if not await self._store.delete_rule(rule_id):
            raise NotFound(f"alert rule {rule_id} does not exist")

    async def mute_rule(self, rule_id: int, minutes: int) -> AlertRule:
        """Mute one rule for `minutes` (0 unmutes it)."""
        muted = await self._store.mute_rule(rule_id, self._until(minutes))
        if muted is None:
            raise NotFound(f"alert rule {rule_id} does not exist")
        return muted

    # --- every rule -------------------------------------------------------------------------

    async def settings(self) -> AlertSettings:
        return AlertSettings(
            muted_until=self._active(await self._store.muted_until()),
            pushover_configured=await self._sender.notifier.configured(),
            public_url=self._public_url,
        )

    async def mute_all(self, minutes: int) -> AlertSettings:
        """Mute every rule for `minutes` (0 unmutes)."""
        await self._store.mute_all(self._until(minutes))
        return await self.settings()

    async def check_pushover(self) -> PushCheck:
        """Whether Pushover accepts the configured credentials (nothing is sent)."""
        return await self._sender.notifier.check()

    async def send_test(self) -> TestOutcome:
        """A test alert through every channel: the open tabs show it, the phone gets it."""
        record = await self._sender.record(
            NewAlert(
                rule_id=None,
                rule_kind=TEST_KIND,
                rule_name="Test alert",
                person_id=None,
                username=None,
                session_id=None,
                interaction_id=None,
                reason=TEST_REASON,
                fired_at=self._clock.now(),
                deliveries=await planned_deliveries(self._sender.notifier),
            )
        )
        pushover = await self._sender.push(record)
        deliveries = tuple(
            pushover if delivery.channel is pushover.channel else delivery
            for delivery in record.deliveries
        )
        alert = msgspec.structs.replace(record, deliveries=deliveries)
        return TestOutcome(alert=alert, pushover=pushover)

    # --- the log ----------------------------------------------------------------------------

    async def page(self, *, limit: int, offset: int) -> AlertPage:
        return await self._store.page(limit=limit, offset=offset)

    async def stream(self, after: int | None) -> AsyncGenerator[AlertRecord | Heartbeat, None]:
        """Alerts as they are recorded; after `after` (a reconnecting tab), the recent ones it
        missed first. A `live` heartbeat says when listening has begun (what is recorded from
        then on is sent). Never ends by itself: it waits out the database, like the radar's."""
        last = after
        failures = 0
        sleep = self._sleep or anyio.sleep
        while True:
            try:
                async with self._store.listen() as listener:
                    newest = await self._store.newest_id() or 0
                    if last is None or last > newest:
                        last = newest
                    failures = 0
                    yield Heartbeat(note="live")
                    while True:
                        since = self._clock.now() - CATCH_UP_AGE
                        for alert in await self._store.after(
                            last, limit=CATCH_UP_LIMIT, since=since
                        ):
                            yield alert
                            last = alert.id
                        if not await listener.wait(self._heartbeat_seconds):
                            yield Heartbeat()
            except LiveFeedUnavailable as exc:
                delay = self._reconnect_delays[min(failures, len(self._reconnect_delays) - 1)]
                failures += 1
                log.warning("alert stream lost the database (%s); retrying in %.1f s", exc, delay)
                yield Heartbeat(note="reconnecting")
                await sleep(delay)

    # --- helpers ----------------------------------------------------------------------------

    async def _rule(self, rule_id: int) -> AlertRule:
        rule = await self._store.rule(rule_id)
        if rule is None:
            raise NotFound(f"alert rule {rule_id} does not exist")
        return rule

    async def _check(self, kind: AlertKind, change: RuleChange) -> None:
        check_change(change)
        if change.params is not None:
            check_params(kind, change.params, await self._store.watchlist_ids())

    def _until(self, minutes: int) -> datetime | None:
        if not 0 <= minutes <= MAX_MUTE_MINUTES:
            raise InvalidInput(f"minutes must be between 0 and {MAX_MUTE_MINUTES}", field="minutes")
        return None if minutes == 0 else self._clock.now() + timedelta(minutes=minutes)

    def _active(self, until: datetime | None) -> datetime | None:
        return until if until is not None and until > self._clock.now() else None
