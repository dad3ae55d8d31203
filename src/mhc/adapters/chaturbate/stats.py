"""Chaturbate Stats API client: the broadcaster's own numbers (token in the query string)."""

from __future__ import annotations

import random
from typing import Any

import anyio
import httpx

from mhc.adapters.resilience import ResilientHttp, Sleep
from mhc.domain.contracts.shapes import STATS
from mhc.domain.errors import ExternalAuthError
from mhc.domain.retry import RetryPolicy
from mhc.ports.connections import SecretProvider, secret_provider
from mhc.ports.drift import DriftReporter
from mhc.ports.gateways import CbStats, Fetched
from mhc.ports.operations import FailureLog

SERVICE = "cb_stats"
DEFAULT_BASE_URL = "https://chaturbate.com"
PATH = "/statsapi/"
# The query carries the token, so the failure log only ever sees this label.
ENDPOINT = f"GET {PATH}"


def _plain_unauthorized(response: httpx.Response) -> str | None:
    """An expired token has been seen to answer with the plain-text body `Unauthorized`."""
    if response.content[:64].strip().lower() == b"unauthorized":
        return (
            "token refused (the Stats API answered 'Unauthorized'); set a new one on the "
            "Connections page (or CB_STATS_TOKEN)"
        )
    return None


class ChaturbateStatsClient:
    """Implements CbStatsGateway; `-1` sentinels come back as None in the typed answer."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        token: str | SecretProvider | None = None,
        base_url: str = DEFAULT_BASE_URL,
        failure_log: FailureLog | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        drift: DriftReporter | None = None,
    ) -> None:
        # Asked for before each request: a token changed on the panel is used at once.
        self._token = secret_provider(token)
        self._url = base_url.rstrip("/") + PATH
        self._http = ResilientHttp(
            client,
            service=SERVICE,
            failure_log=failure_log,
            policy=policy,
            sleep=sleep,
            rng=rng,
            drift=drift,
        )

    async def get_stats(self, username: str, token: str | None = None) -> Fetched[CbStats] | None:
        """The numbers of `username`'s room; `token` overrides the one given at construction."""
        token = token or await self._token()
        if not token:
            raise ExternalAuthError(
                SERVICE, "no Stats API token is set (Connections page, or CB_STATS_TOKEN)"
            )
        response = await self._http.request(
            "GET",
            self._url,
            endpoint=ENDPOINT,
            params={"username": username, "token": token},
            headers={"Accept": "application/json"},
            auth_probe=_plain_unauthorized,
            secrets=(token,),
            contract=STATS,
        )
        if response is None:
            return None
        body = await self._http.read_object(
            response, endpoint=ENDPOINT, contract=STATS, secrets=(token,)
        )
        without_sentinels = {key: _absent_if_sentinel(value) for key, value in body.items()}
        stats = await self._http.convert(
            without_sentinels, CbStats, endpoint=ENDPOINT, contract=STATS
        )
        return Fetched(data=stats, raw=body)


def _absent_if_sentinel(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value == -1 or (isinstance(value, str) and value.strip() == "-1"):
        return None
    return value
