"""Sending an alert: recorded first (which shows it on every open tab of the panel), then to
the owner's phone, with each channel's outcome kept beside it.

A delivery that fails or takes too long is recorded in the API-failure log and on the alert;
it never raises to its caller, so a dead phone service slows nothing down.
"""

from __future__ import annotations

import logging

import anyio

from mhc.domain.alerts import (
    AlertRecord,
    Channel,
    Delivery,
    DeliveryStatus,
    NewAlert,
    push_message,
)
from mhc.domain.errors import ExternalServiceError
from mhc.domain.models import NewApiFailure
from mhc.ports.alerts import AlertStore, PushNotifier
from mhc.ports.operations import FailureLog

log = logging.getLogger("mhc.alerts")

# An alert that has not reached the phone by then is recorded as failed.
DELIVERY_TIMEOUT_SECONDS = 15.0
PANEL_DETAIL = "shown on the panel's open tabs"
NOT_SET_UP = (
    "Pushover is not set up (Connections page, or MHC_PUSHOVER_TOKEN and MHC_PUSHOVER_USER)"
)


async def planned_deliveries(notifier: PushNotifier) -> tuple[Delivery, ...]:
    """How a new alert goes out: always to the panel, to Pushover when it is set up."""
    if await notifier.configured():
        pushover = Delivery(channel=Channel.PUSHOVER, status=DeliveryStatus.PENDING)
    else:
        pushover = Delivery(
            channel=Channel.PUSHOVER, status=DeliveryStatus.SKIPPED, detail=NOT_SET_UP
        )
    panel = Delivery(channel=Channel.PANEL, status=DeliveryStatus.SENT, detail=PANEL_DETAIL)
    return (panel, pushover)


class AlertSender:
    """Records alerts and pushes them to the phone."""

    def __init__(
        self,
        store: AlertStore,
        notifier: PushNotifier,
        failure_log: FailureLog,
        *,
        public_url: str | None = None,
        timeout_seconds: float = DELIVERY_TIMEOUT_SECONDS,
    ) -> None:
        self._store = store
        self._notifier = notifier
        self._failure_log = failure_log
        self._public_url = public_url
        self._timeout = timeout_seconds

    @property
    def notifier(self) -> PushNotifier:
        return self._notifier

    async def record(self, alert: NewAlert) -> AlertRecord:
        """Store the alert (the panel's tabs show it at once); the phone is `push`'s job."""
        record = await self._store.record(alert)
        log.info("alert %d: %s (%s)", record.id, record.reason, record.rule_name)
        return record

    async def push(self, record: AlertRecord) -> Delivery:
        """Send the alert to the phone and record how it went; never raises."""
        if not await self._notifier.configured():
            return Delivery(channel=Channel.PUSHOVER, status=DeliveryStatus.SKIPPED)
        message = push_message(
            username=record.username,
            rule_name=record.rule_name,
            why=record.reason,
            at=record.fired_at,
            person_id=record.person_id,
            public_url=self._public_url,
        )
        outcome = Delivery(channel=Channel.PUSHOVER, status=DeliveryStatus.FAILED)
        detail: str | None = None
        try:
            with anyio.fail_after(self._timeout):
                await self._notifier.send(message)
        except ExternalServiceError as exc:
            # The client logged it and recorded it in the failure log.
            detail = str(exc).removeprefix("pushover: ")
        except TimeoutError:
            detail = f"no answer within {self._timeout:g} s"
            await self._note_failure(detail)
        except Exception as exc:
            detail = f"could not send ({type(exc).__name__})"
            log.exception("alert %d: Pushover delivery failed", record.id)
            await self._note_failure(detail)
        else:
            outcome = Delivery(channel=Channel.PUSHOVER, status=DeliveryStatus.SENT)
        try:
            await self._store.set_delivery(record.id, Channel.PUSHOVER, outcome.status, detail)
        except Exception as exc:
            log.warning("alert %d: delivery outcome not recorded (%s)", record.id, exc)
        return Delivery(channel=outcome.channel, status=outcome.status, detail=detail)

    async def _note_failure(self, message: str) -> None:
        failure = NewApiFailure(
            service="pushover", endpoint="POST /1/messages.json", status=None, message=message
        )
        try:
            await self._failure_log.record(failure)
        except Exception as exc:
            log.warning("could not record the Pushover failure (%s)", type(exc).__name__)
