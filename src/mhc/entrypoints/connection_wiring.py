"""What the container needs to build the connections: the key that seals their values, the
values the environment sets, and each connection's test on the clients that use it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import httpx

from mhc.adapters.chaturbate.events import ChaturbateEventsFeed
from mhc.adapters.chaturbate.stats import ChaturbateStatsClient
from mhc.adapters.pushover import PushoverClient
from mhc.adapters.statbate.plus import StatbatePlusSession
from mhc.adapters.statbate.premium import StatbateClient
from mhc.domain.connections import ConnectionName, Health
from mhc.domain.errors import Conflict
from mhc.domain.retry import RetryPolicy
from mhc.domain.usernames import normalize_username
from mhc.entrypoints.settings import ENV_NAMES, Settings
from mhc.ports.connections import ConnectionCheck, SecretProvider, StoredConnection
from mhc.ports.drift import DriftReporter
from mhc.ports.operations import FailureLog
from mhc.services.connection_checks import (
    chat_history_check,
    events_check,
    pushover_check,
    statbate_check,
    stats_check,
)
from mhc.services.connections import ConnectionService

log = logging.getLogger("mhc.connections")

# A test is a question the owner waits on: one retry at most, and short waits.
CHECK_POLICY = RetryPolicy(max_attempts=2, base_delay=0.5, max_delay=2.0, max_retry_after=5.0)


def connection_environment(settings: Settings) -> dict[str, str | None]:
    """Every variable of the settings by its environment name (the connections pick theirs)."""
    return {env: getattr(settings, field, None) for env, field in ENV_NAMES.items()}


def build_connection_checks(
    settings: Settings,
    http: httpx.AsyncClient,
    failure_log: FailureLog | None,
    drift: DriftReporter | None,
) -> dict[ConnectionName, ConnectionCheck]:
    """Each connection's test, on a client of the class, base URL and failure log in use."""
    broadcaster = normalize_username(settings.broadcaster)
    return {
        ConnectionName.CB_EVENTS: events_check(
            lambda token: ChaturbateEventsFeed(
                http,
                broadcaster=broadcaster,
                token=token,
                base_url=settings.cb_events_base_url,
                drift=drift,
            ),
            broadcaster,
        ),
        ConnectionName.CB_STATS: stats_check(
            lambda token: ChaturbateStatsClient(
                http,
                token=token,
                base_url=settings.cb_stats_base_url,
                failure_log=failure_log,
                policy=CHECK_POLICY,
                drift=drift,
            ),
            broadcaster,
        ),
        ConnectionName.STATBATE: statbate_check(
            lambda token: StatbateClient(
                http,
                token=token,
                base_url=settings.statbate_api_base_url,
                failure_log=failure_log,
                policy=CHECK_POLICY,
                drift=drift,
            ),
            site=settings.statbate_site,
            broadcaster=broadcaster,
        ),
        ConnectionName.STATBATE_PLUS: chat_history_check(
            lambda cookie, xsrf: StatbatePlusSession(
                http,
                session_cookie=cookie,
                xsrf_token=xsrf,
                base_url=settings.statbate_plus_base_url,
                site=settings.statbate_site,
                failure_log=failure_log,
                policy=CHECK_POLICY,
                drift=drift,
            )
        ),
        ConnectionName.PUSHOVER: pushover_check(
            lambda token, user: PushoverClient(
                http,
                token=token,
                user=user,
                base_url=settings.pushover_base_url,
                failure_log=failure_log,
                policy=CHECK_POLICY,
            )
        ),
    }


class NoStoredConnections:
    """The ConnectionStore of a process without a database: only the environment's values."""

    async def all(self) -> list[StoredConnection]:
        return []

    async def get(self, name: ConnectionName) -> StoredConnection | None:
        return None

    async def save_secret(self, name: ConnectionName, sealed: bytes, at: datetime) -> None:
        raise Conflict("connections can only be set with a database")

    async def clear_secret(self, name: ConnectionName) -> None:
        raise Conflict("connections can only be removed with a database")

    async def record_health(self, name: ConnectionName, health: Health) -> None:
        return None

    async def replace_secrets(self, sealed: dict[ConnectionName, bytes]) -> None:
        raise Conflict("connections can only be rekeyed with a database")


def plus_session_provider(
    connections: ConnectionService,
) -> Callable[[], Awaitable[tuple[str, str] | None]]:
    """The Statbate Plus cookies in use now, as the chat-history client asks for them."""

    async def provide() -> tuple[str, str] | None:
        credential = await connections.current(ConnectionName.STATBATE_PLUS)
        if credential is None:
            return None
        return credential.part("sessionCookie"), credential.part("xsrfToken")

    return provide


def part_provider(connections: ConnectionService, name: ConnectionName, key: str) -> SecretProvider:
    """One part of a connection's value in use now (Pushover's token, or its user key)."""

    async def provide() -> str | None:
        credential = await connections.current(name)
        return None if credential is None else credential.part(key)

    return provide
