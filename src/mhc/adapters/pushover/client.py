"""Pushover client: the owner's phone hears about alerts (`POST /1/messages.json`), and the
credentials can be checked without sending anything (`POST /1/users/validate.json`).

Both calls send the application token and the user key in a form body, never in a URL, and
both are secrets: the transport masks them in every message that reaches a log or the failure
log. Pushover answers 4xx with `{"status": 0, "errors": [...]}` and names a refused credential
(`"token": "invalid"` or `"user": "invalid"`); 5xx and dropped connections are retried a few
times, briefly, since an alert that comes late has lost most of its worth.
"""

from __future__ import annotations

import random
from typing import Any

import anyio
import httpx
import msgspec

from mhc.adapters.resilience import ResilientHttp, Sleep
from mhc.domain.alerts import PushMessage
from mhc.domain.errors import ExternalAuthError, ExternalServiceError
from mhc.domain.retry import RetryPolicy
from mhc.domain.secrets import mask_secrets
from mhc.ports.alerts import PushCheck
from mhc.ports.connections import SecretProvider, secret_provider
from mhc.ports.operations import FailureLog

SERVICE = "pushover"
DEFAULT_BASE_URL = "https://api.pushover.net"
MESSAGES = "/1/messages.json"
VALIDATE = "/1/users/validate.json"
NOT_CONFIGURED = (
    "Pushover is not set up: set its keys on the Connections page (or MHC_PUSHOVER_TOKEN and "
    "MHC_PUSHOVER_USER)"
)
# Three tries within a few seconds: an alert is worth little a minute late.
DEFAULT_POLICY = RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=4.0, max_retry_after=10.0)
_REFUSED = {"token": "the application token", "user": "the user key"}


def _refusal(response: httpx.Response) -> str | None:
    """Pushover's way of saying a credential is wrong: a 4xx naming it `invalid`."""
    if not 400 <= response.status_code < 500:
        return None
    body = _json(response)
    refused = [label for key, label in _REFUSED.items() if body.get(key) == "invalid"]
    if not refused:
        return None
    return f"Pushover refused {' and '.join(refused)} (HTTP {response.status_code}); check them"


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return {}
    return body if isinstance(body, dict) else {}


class PushoverClient:
    """Implements PushNotifier; without a token and a user key it sends nothing."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        token: str | SecretProvider | None,
        user: str | SecretProvider | None,
        base_url: str = DEFAULT_BASE_URL,
        failure_log: FailureLog | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        # Asked for before each request: keys changed on the panel are used at once.
        self._token = secret_provider(token)
        self._user = secret_provider(user)
        self._base_url = base_url.rstrip("/")
        self._http = ResilientHttp(
            client,
            service=SERVICE,
            failure_log=failure_log,
            policy=policy or DEFAULT_POLICY,
            sleep=sleep,
            rng=rng,
        )

    async def configured(self) -> bool:
        return await self._keys() is not None

    async def _keys(self) -> tuple[str, str] | None:
        token, user = await self._token(), await self._user()
        return (token, user) if token and user else None

    async def send(self, message: PushMessage) -> None:
        form = {
            "title": message.title,
            "message": message.message,
            "timestamp": str(int(message.timestamp.timestamp())),
        }
        if message.url:
            form["url"] = message.url
            form["url_title"] = message.url_title or message.url
        await self._post(MESSAGES, form)

    async def check(self) -> PushCheck:
        if not await self.configured():
            return PushCheck(ok=False, detail=NOT_CONFIGURED)
        try:
            await self.validate()
        except ExternalServiceError as exc:
            return PushCheck(ok=False, detail=str(exc).removeprefix(f"{SERVICE}: "))
        return PushCheck(ok=True, detail="Pushover accepts the token and the user key")

    async def validate(self) -> None:
        """Ask Pushover whether it accepts the keys; ExternalAuthError when it refuses them,
        ExternalServiceError when it could not answer."""
        await self._post(VALIDATE, {})

    async def _post(self, path: str, fields: dict[str, str]) -> None:
        keys = await self._keys()
        if keys is None:
            raise ExternalAuthError(SERVICE, NOT_CONFIGURED)
        token, user = keys
        endpoint = f"POST {path}"
        response = await self._http.request(
            "POST",
            self._base_url + path,
            endpoint=endpoint,
            data={"token": token, "user": user, **fields},
            secrets=keys,
            headers={"Accept": "application/json"},
            # Pushover's 4xx bodies say what was wrong: read here, not retried.
            ok_statuses=frozenset(range(400, 429)) | frozenset(range(430, 500)),
            auth_probe=_refusal,
        )
        if response is None:
            raise await self._http.recorded(
                ExternalServiceError(SERVICE, "answered 404: is MHC_PUSHOVER_BASE_URL right?"),
                endpoint,
            )
        body = _json(response)
        if response.status_code >= 400 or body.get("status") != 1:
            errors = body.get("errors")
            detail = "; ".join(str(e) for e in errors) if isinstance(errors, list) else ""
            message = f"refused the request (HTTP {response.status_code})"
            raise await self._http.recorded(
                ExternalServiceError(
                    SERVICE,
                    mask_secrets(f"{message}: {detail}" if detail else message, keys),
                    status=response.status_code,
                ),
                endpoint,
            )
