"""Alerts: the rules the owner switches on and tunes, muting, a test alert, the log of alerts
sent, and the stream every open tab listens to (a toast and a browser notification each).

The stream is a GET that EventSource opens with the session cookie, like the radar's; a tab
that reconnects gets the alerts of the last minutes it missed, from `Last-Event-ID`. It ends
with the session, and counts among the open streams.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, patch, post
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.controllers.params import Injected, Limit, Offset, path_id
from mhc.adapters.http.controllers.radar import RETRY_MILLISECONDS
from mhc.adapters.http.presenters import present
from mhc.adapters.http.principals import Principal
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.alerts import (
    AlertOut,
    AlertPageOut,
    AlertRuleOut,
    AlertSettingsOut,
    CreateAlertRuleRequest,
    MuteRequest,
    PushoverCheckOut,
    TestAlertOut,
    UpdateAlertRuleRequest,
)
from mhc.adapters.http.streams import (
    StreamSlots,
    guarded,
    last_event_id_header,
    owner_stream_guard,
)
from mhc.domain.alerts import AlertRecord, RuleChange
from mhc.services.alerts import AlertService
from mhc.services.radar import Heartbeat

EVENT_NAME = "alert"
RuleId = Annotated[int, path_id("an alert rule's id")]
_ENCODER = msgspec.json.Encoder()

_STREAM_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: ResponseSpec(
        data_container=AlertOut,
        media_type="text/event-stream",
        description=(
            "Server-sent events: `id: <alert id>`, `event: alert`, `data: <Alert JSON>`; a "
            "comment line every 15 s of silence."
        ),
        generate_examples=False,
    ),
}


class AlertsController(Controller):
    path = "/alerts"
    tags = ["alerts"]

    @get(operation_id="listAlerts", responses=PROBLEM_RESPONSES)
    async def log(
        self, alerts: Injected[AlertService], limit: Limit = 50, offset: Offset = 0
    ) -> AlertPageOut:
        """Every alert sent, newest first, with how each delivery went."""
        page = await alerts.page(limit=limit, offset=offset)
        return AlertPageOut(
            items=present(page.items, list[AlertOut]), total=page.total, limit=limit, offset=offset
        )

    @get("/stream", operation_id="streamAlerts", responses=_STREAM_RESPONSES)
    async def stream(
        self,
        request: Request[Principal, Principal, Any],
        alerts: Injected[AlertService],
        shutting_down: Injected[asyncio.Event],
        owner_auth: Injected[OwnerAuth],
        radar_streams: Injected[StreamSlots],
        last_event_id: Annotated[
            int | None,
            last_event_id_header(
                "sent by a reconnecting EventSource: the recent alerts after this id"
            ),
        ] = None,
    ) -> ServerSentEvent:
        """New alerts as they are recorded, for the toasts and browser notifications; 429
        while the most streams are open (radar and alerts together). Ends when the session
        does."""
        radar_streams.check()
        guard = owner_stream_guard(owner_auth, request.user, shutting_down)
        return ServerSentEvent(
            _messages(guarded(alerts.stream(last_event_id), guard, radar_streams)),
            retry_duration=RETRY_MILLISECONDS,
        )

    @get("/rules", operation_id="listAlertRules", responses=PROBLEM_RESPONSES)
    async def rules(self, alerts: Injected[AlertService]) -> list[AlertRuleOut]:
        return present(await alerts.rules(), list[AlertRuleOut])

    @post("/rules", operation_id="createAlertRule", status_code=201, responses=PROBLEM_RESPONSES)
    async def create_rule(
        self, data: JSONBody[CreateAlertRuleRequest], alerts: Injected[AlertService]
    ) -> AlertRuleOut:
        """A new rule; 400 naming `params` when they do not suit the kind (a watchlist rule
        needs an existing list, an amount rule `minTokens`, a recent-tips rule `levels`)."""
        rule = await alerts.create_rule(data.kind, present(data, RuleChange))
        return present(rule, AlertRuleOut)

    @patch("/rules/{rule_id:int}", operation_id="updateAlertRule", responses=PROBLEM_RESPONSES)
    async def update_rule(
        self,
        rule_id: RuleId,
        data: JSONBody[UpdateAlertRuleRequest],
        alerts: Injected[AlertService],
    ) -> AlertRuleOut:
        """Change what is given; 400 naming `params` when they do not suit the rule's kind."""
        return present(await alerts.update_rule(rule_id, present(data, RuleChange)), AlertRuleOut)

    @delete(
        "/rules/{rule_id:int}",
        operation_id="deleteAlertRule",
        status_code=204,
        responses=PROBLEM_RESPONSES,
    )
    async def delete_rule(self, rule_id: RuleId, alerts: Injected[AlertService]) -> None:
        """Delete a rule (the alerts it sent stay in the log)."""
        await alerts.delete_rule(rule_id)

    @post(
        "/rules/{rule_id:int}/mute",
        operation_id="muteAlertRule",
        status_code=200,
        responses=PROBLEM_RESPONSES,
    )
    async def mute_rule(
        self, rule_id: RuleId, data: JSONBody[MuteRequest], alerts: Injected[AlertService]
    ) -> AlertRuleOut:
        """Mute one rule for `minutes` (0 unmutes)."""
        return present(await alerts.mute_rule(rule_id, data.minutes), AlertRuleOut)

    @get("/settings", operation_id="getAlertSettings", responses=PROBLEM_RESPONSES)
    async def settings(self, alerts: Injected[AlertService]) -> AlertSettingsOut:
        return present(await alerts.settings(), AlertSettingsOut)

    @post("/mute", operation_id="muteAlerts", status_code=200, responses=PROBLEM_RESPONSES)
    async def mute(
        self, data: JSONBody[MuteRequest], alerts: Injected[AlertService]
    ) -> AlertSettingsOut:
        """Mute every rule for `minutes` (0 unmutes)."""
        return present(await alerts.mute_all(data.minutes), AlertSettingsOut)

    @post("/test", operation_id="sendTestAlert", status_code=200, responses=PROBLEM_RESPONSES)
    async def test(self, alerts: Injected[AlertService]) -> TestAlertOut:
        """Send a test alert through every channel: the open tabs show it, and Pushover gets
        it when it is set up (its outcome is in the answer and in the log)."""
        return present(await alerts.send_test(), TestAlertOut)

    @post(
        "/pushover/check",
        operation_id="checkPushover",
        status_code=200,
        responses=PROBLEM_RESPONSES,
    )
    async def check_pushover(self, alerts: Injected[AlertService]) -> PushoverCheckOut:
        """Ask Pushover whether it accepts the configured credentials; nothing is sent."""
        return present(await alerts.check_pushover(), PushoverCheckOut)


async def _messages(
    items: AsyncIterator[AlertRecord | Heartbeat],
) -> AsyncIterator[ServerSentEventMessage]:
    async for item in items:
        if isinstance(item, Heartbeat):
            yield ServerSentEventMessage(comment=item.note, data=None)
        else:
            data = _ENCODER.encode(present(item, AlertOut)).decode()
            yield ServerSentEventMessage(id=item.id, event=EVENT_NAME, data=data)
