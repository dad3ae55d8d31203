"""The transport every HTTP client shares: retries, backoff and secret-safe error translation.

One policy for every external API:

- 2xx (and any status a caller declares acceptable) is returned; 404 returns None.
- 401/403 (and caller-declared auth statuses such as Laravel's 419) raise ExternalAuthError at
  once: a revoked credential never gets better by hammering it.
- 429 waits `Retry-After` when the server gives it, otherwise backs off; past the budget it
  raises RateLimited.
- 5xx (including Cloudflare's 520-524), timeouts and dropped connections are retried with
  exponential backoff and full jitter, a bounded number of times, then raise
  ExternalServiceError.
- Any other status raises ExternalServiceError at once.

Each retry is logged at WARNING; only the final outcome of a call (auth refusal, exhausted
retries, unexpected status) is written to the FailureLog, so the operator's list of failures
shows one row per failed call rather than one per attempt.

Secrets never leave this module: messages are built from status codes and short body excerpts,
every configured secret is replaced by `***`, endpoints are passed in by the clients without
query strings, and library exceptions are not chained (their request URLs may carry tokens).
"""

from __future__ import annotations

import logging
import random
import ssl
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from functools import cache
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import anyio
import httpx
import msgspec

from mhc.adapters.resilience.answers import AnswerReader
from mhc.adapters.resilience.limits import RateLimiter, Sleep, retry_after_seconds
from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.findings import unexpected_status
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited
from mhc.domain.retry import RetryPolicy
from mhc.domain.secrets import MASK
from mhc.ports.drift import DriftReporter
from mhc.ports.operations import FailureLog

log = logging.getLogger("mhc.adapters.resilience")

# Returns a reason when a response means "your credentials are no longer good" although its
# status does not say so (an HTML login page, a plain-text "Unauthorized").
AuthProbe = Callable[[httpx.Response], str | None]

_RETRIED_TRANSPORT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_BODY_EXCERPT = 200


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default certificate verification, built once per process: building it reads
    and parses the whole CA bundle, about 35 ms, which httpx otherwise does for every client."""
    return httpx.create_ssl_context()


def build_http_client(*, timeout: float = 30.0, connect_timeout: float = 10.0) -> httpx.AsyncClient:
    """The client the Statbate and Stats adapters share: no redirects followed, no cookie jar.

    Cookies are never kept by the client, so one service's cookies never reach another; the
    Statbate Plus session reads and sends its own.
    """
    return httpx.AsyncClient(
        verify=tls_context(),
        timeout=httpx.Timeout(timeout, connect=connect_timeout),
        follow_redirects=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        headers={"User-Agent": "mhc-control-panel"},
    )


@asynccontextmanager
async def http_client_lifespan(client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """Keep `client` for the duration of the block, then close its connections."""
    try:
        yield client
    finally:
        await client.aclose()


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every non-empty secret in `text` with `***`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


class _Retry(Exception):
    """One attempt failed in a way worth another try."""

    def __init__(self, reason: str, status: int | None, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.delay = delay


class ResilientHttp(AnswerReader):
    """Sends requests for one external service through the shared retry and error policy.

    Its answers are read (and checked against their contracts) through AnswerReader.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        service: str,
        failure_log: FailureLog | None = None,
        policy: RetryPolicy | None = None,
        secrets: Iterable[str] = (),
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        drift: DriftReporter | None = None,
    ) -> None:
        super().__init__(service=service, failure_log=failure_log, secrets=secrets, drift=drift)
        self.client = client
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        # Jitter needs no cryptographic quality; a seedable generator keeps tests reproducible.
        self._rng = rng or random.Random()

    async def request(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        limiter: RateLimiter | None = None,
        ok_statuses: frozenset[int] = frozenset(),
        auth_statuses: frozenset[int] = frozenset(),
        auth_probe: AuthProbe | None = None,
        secrets: Iterable[str] = (),
        contract: EndpointContract | None = None,
    ) -> httpx.Response | None:
        """Send until success or a final failure; None on 404.

        `endpoint` is the label stored in the failure log: method and path, never a query string
        or a secret. `ok_statuses` are non-2xx answers the caller handles itself, `auth_statuses`
        are extra statuses meaning "credentials refused", `auth_probe` spots refusals that a
        status does not show, and `secrets` are per-call values (rotating cookies) to redact.
        With a `contract`, a final status it does not document is recorded as drift. A 429
        slows the `limiter` down, so the other calls sharing it wait too.
        """
        all_secrets = (*self._secrets, *(s for s in secrets if s))
        attempts = self.policy.max_attempts
        last: _Retry | None = None
        for attempt in range(1, attempts + 1):
            if limiter is not None:
                await limiter.acquire()
            try:
                return await self._attempt(
                    method,
                    url,
                    endpoint=endpoint,
                    params=params,
                    json=json,
                    data=data,
                    headers=headers,
                    ok_statuses=ok_statuses,
                    auth_statuses=auth_statuses | {401, 403},
                    auth_probe=auth_probe,
                    secrets=all_secrets,
                    contract=contract,
                )
            except RateLimited as refused:
                if limiter is not None:
                    await limiter.slow_down(refused.retry_after)
                raise
            except _Retry as retry:
                if retry.status == 429 and limiter is not None:
                    await limiter.slow_down(retry.delay)
                last = retry
                if attempt == attempts:
                    break
                delay = (
                    retry.delay
                    if retry.delay is not None
                    else self.policy.backoff(attempt - 1, self._rng)
                )
                log.warning(
                    "%s %s: %s; retry %d of %d in %.2fs",
                    self.service,
                    endpoint,
                    retry.reason,
                    attempt,
                    attempts - 1,
                    delay,
                )
                await self._sleep(delay)
        assert last is not None
        message = f"{last.reason} (gave up after {attempts} attempts)"
        if last.status == 429:
            raise await self.recorded(
                RateLimited(self.service, message, retry_after=last.delay), endpoint
            )
        raise await self.recorded(
            ExternalServiceError(self.service, message, status=last.status), endpoint
        )

    async def _attempt(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Mapping[str, str | int] | None,
        json: Any,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        ok_statuses: frozenset[int],
        auth_statuses: frozenset[int],
        auth_probe: AuthProbe | None,
        secrets: tuple[str, ...],
        contract: EndpointContract | None = None,
    ) -> httpx.Response | None:
        try:
            response = await self.client.request(
                method, url, params=params, json=json, data=data, headers=headers
            )
        except httpx.TimeoutException:
            raise _Retry("timed out", None) from None
        except _RETRIED_TRANSPORT_ERRORS as exc:
            raise _Retry(f"connection failed ({type(exc).__name__})", None) from None
        except httpx.HTTPError as exc:
            raise await self.recorded(
                ExternalServiceError(self.service, f"request failed ({type(exc).__name__})"),
                endpoint,
            ) from None

        status = response.status_code
        probed = auth_probe(response) if auth_probe is not None else None
        if probed is not None:
            raise await self.recorded(
                ExternalAuthError(self.service, redact(probed, secrets), status=status), endpoint
            )
        if 200 <= status < 300 or status in ok_statuses:
            return response
        if status == 404:
            return None
        if status in auth_statuses:
            raise await self.recorded(
                ExternalAuthError(
                    self.service,
                    f"credentials refused (HTTP {status}); check or renew them",
                    status=status,
                ),
                endpoint,
            )
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.policy.max_retry_after:
                raise await self.recorded(
                    RateLimited(
                        self.service,
                        f"rate limited (HTTP 429), asked to wait {wait:.0f}s",
                        retry_after=wait,
                    ),
                    endpoint,
                )
            raise _Retry("rate limited (HTTP 429)", 429, wait)
        if status >= 500:
            raise _Retry(f"HTTP {status}", status)
        detail = _error_excerpt(response)
        if contract is not None and status not in contract.answers:
            finding = unexpected_status(status, contract.answers, {"error": detail})
            await self.report_drift(contract, [finding], secrets=secrets)
        message = f"HTTP {status}" + (f": {detail}" if detail else "")
        raise await self.recorded(
            ExternalServiceError(self.service, redact(message, secrets), status=status), endpoint
        )


def _error_excerpt(response: httpx.Response) -> str:
    """The `error` (or `message`) of a JSON error body, shortened; empty when there is none."""
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return ""
    if isinstance(body, dict):
        for key in ("error", "message", "status"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value[:_BODY_EXCERPT]
    return ""
