"""Each connection's test: one cheap real call, through the client that uses the value, and
what it found in words.

Every check is a small function of a credential (`ConnectionCheck`), so a connection's test is
swapped by wiring another one in the composition root. The clients are built per value by
factories the composition root hands in: the same classes, base URLs and failure log the
panel and the worker use.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

import anyio

from mhc.domain.connections import CheckResult, Credential, Outcome
from mhc.domain.errors import ExternalAuthError, ExternalServiceError
from mhc.ports.connections import ConnectionCheck
from mhc.ports.gateways import CbStatsGateway, ChatHistoryGateway, StatbateGateway
from mhc.ports.ingestion import EventsCursor, EventsFeed

# A test answers within this, whatever the service does: the owner is waiting on a button.
CHECK_SECONDS = 20.0


def events_check(feed_for: Callable[[str], EventsFeed], broadcaster: str) -> ConnectionCheck:
    """One Events API poll that does not wait: the token opens the room's feed or it does not."""

    async def check(credential: Credential) -> CheckResult:
        page = await feed_for(credential.secret).poll(EventsCursor(timeout_seconds=0))
        rooms = sorted(
            {
                str(event["object"]["broadcaster"])
                for event in page.events
                if isinstance(event, dict)
                and isinstance(event.get("object"), dict)
                and event["object"].get("broadcaster")
            }
            - {broadcaster}
        )
        found = f"the token belongs to the room {broadcaster}"
        count = len(page.events)
        recent = f"{count} recent event{'' if count == 1 else 's'}"
        other = f"; events of {', '.join(rooms)} too" if rooms else ""
        return CheckResult(outcome=Outcome.WORKING, message=f"Working: {found} ({recent}){other}.")

    return _guarded(check)


def stats_check(stats_for: Callable[[str], CbStatsGateway], broadcaster: str) -> ConnectionCheck:
    """The room's own numbers, once."""

    async def check(credential: Credential) -> CheckResult:
        fetched = await stats_for(credential.secret).get_stats(broadcaster)
        if fetched is None:
            return CheckResult(
                outcome=Outcome.FAILING, message=f"The Stats API does not know {broadcaster}."
            )
        stats = fetched.data
        room = stats.username or broadcaster
        followers = (
            f"{stats.num_followers:,} followers" if stats.num_followers is not None else None
        )
        online = "online now" if stats.time_online is not None else "offline"
        details = ", ".join(part for part in (followers, online) if part)
        return CheckResult(
            outcome=Outcome.WORKING, message=f"Working: the Stats API of {room} ({details})."
        )

    return _guarded(check)


def statbate_check(
    statbate_for: Callable[[str], StatbateGateway], *, site: str, broadcaster: str
) -> ConnectionCheck:
    """The owner's own model record: the call the worker makes for the Hudson page."""

    async def check(credential: Credential) -> CheckResult:
        fetched = await statbate_for(credential.secret).get_model_info(site, broadcaster)
        if fetched is None:
            message = f"Working: the token is accepted; Statbate has no model {broadcaster} yet."
        elif fetched.data.rank is not None:
            message = f"Working: Statbate ranks {broadcaster} #{fetched.data.rank:,} on {site}."
        else:
            message = f"Working: Statbate knows {broadcaster} on {site}."
        return CheckResult(outcome=Outcome.WORKING, message=message)

    return _guarded(check)


def chat_history_check(
    session_for: Callable[[str, str], ChatHistoryGateway],
) -> ConnectionCheck:
    """The Statbate Plus session check the chat import starts with."""

    async def check(credential: Credential) -> CheckResult:
        session = session_for(credential.part("sessionCookie"), credential.part("xsrfToken"))
        await session.authenticate()
        return CheckResult(
            outcome=Outcome.WORKING, message="Working: Statbate Plus accepts the session."
        )

    return _guarded(check)


async def untestable(credential: Credential) -> CheckResult:
    """For a connection without a test in this process: says so, records nothing."""
    return CheckResult(outcome=None, message="This connection cannot be tested from here.")


class KeyValidator(Protocol):
    async def validate(self) -> None:
        """Raise ExternalAuthError when the keys are refused, ExternalServiceError on failure."""
        ...


def pushover_check(validator_for: Callable[[str, str], KeyValidator]) -> ConnectionCheck:
    """Pushover's own check of an application token and a user key; nothing is sent."""

    async def check(credential: Credential) -> CheckResult:
        await validator_for(credential.part("token"), credential.part("userKey")).validate()
        return CheckResult(
            outcome=Outcome.WORKING,
            message="Working: Pushover accepts the application token and the user key.",
        )

    return _guarded(check)


def _guarded(check: Callable[[Credential], Awaitable[CheckResult]]) -> ConnectionCheck:
    """Refusals and failures become results; a test never raises for what the service did."""

    async def guarded(credential: Credential) -> CheckResult:
        try:
            with anyio.fail_after(CHECK_SECONDS):
                return await check(credential)
        except ExternalAuthError as exc:
            return CheckResult(outcome=Outcome.REFUSED, message=_without_service(exc))
        except ExternalServiceError as exc:
            return CheckResult(outcome=Outcome.FAILING, message=_without_service(exc))
        except TimeoutError:
            return CheckResult(
                outcome=Outcome.FAILING, message=f"No answer within {CHECK_SECONDS:.0f} seconds."
            )

    return guarded


def _without_service(exc: ExternalServiceError) -> str:
    return str(exc).removeprefix(f"{exc.service}: ")
