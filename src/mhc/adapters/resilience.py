"""Retries, backoff, rate limiting and secret-safe error translation shared by the HTTP clients.

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

Contract drift: given an endpoint's contract, answers are compared with it and the differences
go to the DriftRecorder, counted per answer, their examples masked and clipped. A status the
contract does not document, a body that is not JSON and a value that does not fit its struct
are drift too. A value that does not fit is left out of the decoded answer rather than failing
it, so the raw answer (which keeps everything) is still returned to be stored.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, TypeVar

import anyio
import httpx
import msgspec

from mhc.adapters.decoding import convert_keeping_what_fits
from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.examples import safe_example
from mhc.domain.contracts.findings import (
    Finding,
    decode_failure,
    generic_path,
    tally,
    unexpected_status,
)
from mhc.domain.errors import ExternalAuthError, ExternalServiceError, RateLimited
from mhc.domain.models import NewApiFailure
from mhc.domain.secrets import MASK, mask_secrets
from mhc.ports.drift import DriftRecorder
from mhc.ports.operations import FailureLog

log = logging.getLogger(__name__)

T = TypeVar("T")

Sleep = Callable[[float], Awaitable[None]]
MonotonicClock = Callable[[], float]
# Returns a reason when a response means "your credentials are no longer good" although its
# status does not say so (an HTML login page, a plain-text "Unauthorized").
AuthProbe = Callable[[httpx.Response], str | None]

_RETRIED_TRANSPORT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_BODY_EXCERPT = 200
# How much of a body that is not JSON the drift example keeps.
_DRIFT_BODY_EXCERPT = 500
# Differences from a contract logged at WARNING once each, up to this many per client.
_DRIFT_WARNINGS = 1000


def build_http_client(*, timeout: float = 30.0, connect_timeout: float = 10.0) -> httpx.AsyncClient:
    """The client the Statbate and Stats adapters share: no redirects followed, no cookie jar.

    Cookies are never kept by the client, so one service's cookies never reach another; the
    Statbate Plus session reads and sends its own.
    """
    return httpx.AsyncClient(
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


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. `max_attempts` counts the first try."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    # A Retry-After longer than this is not waited out inside a request: RateLimited at once.
    max_retry_after: float = 120.0

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**n)] for the n-th retry (from 0)."""
        ceiling = min(self.max_delay, self.base_delay * (2**retry_number))
        return rng.uniform(0.0, ceiling)


class TokenBucket:
    """Client-side rate limiter; `acquire()` waits until a request may go out.

    The clock and sleep are injectable so tests can prove the limit without real waiting.
    """

    def __init__(
        self,
        *,
        rate_per_second: float,
        capacity: float,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        if rate_per_second <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one token")
        self._rate = rate_per_second
        self._capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self._lock = anyio.Lock()

    @classmethod
    def per_minute(
        cls,
        limit: int,
        *,
        burst: int = 5,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> TokenBucket:
        """A bucket that never lets more than `limit` requests out in any 60-second window.

        A full bucket can spend `burst` at once and refills `limit - burst` per minute, so the
        worst window holds burst + (limit - burst) = limit requests.
        """
        if not 1 <= burst < limit:
            raise ValueError("burst must be at least 1 and below the limit")
        return cls(rate_per_second=(limit - burst) / 60.0, capacity=burst, clock=clock, sleep=sleep)

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                elapsed = max(0.0, now - self._updated)
                self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
                self._updated = now
                # Float rounding may leave a hair below one token after an exact wait.
                if self._tokens >= 1.0 - 1e-9:
                    self._tokens -= 1.0
                    return
                await self._sleep((1.0 - self._tokens) / self._rate)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


class _Retry(Exception):
    """One attempt failed in a way worth another try."""

    def __init__(self, reason: str, status: int | None, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.delay = delay


class ResilientHttp:
    """Sends requests for one external service through the shared retry and error policy."""

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
        drift: DriftRecorder | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self.failure_log = failure_log
        self.policy = policy or RetryPolicy()
        self._secrets = tuple(s for s in secrets if s)
        self._sleep = sleep
        # Jitter needs no cryptographic quality; a seedable generator keeps tests reproducible.
        self._rng = rng or random.Random()
        self.drift = drift
        # Each difference is logged at WARNING once per process, then at DEBUG.
        self._drift_logged: set[tuple[str, str, str]] = set()

    async def request(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        limiter: TokenBucket | None = None,
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
        With a `contract`, a final status it does not document is recorded as drift.
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
                    headers=headers,
                    ok_statuses=ok_statuses,
                    auth_statuses=auth_statuses | {401, 403},
                    auth_probe=auth_probe,
                    secrets=all_secrets,
                    contract=contract,
                )
            except _Retry as retry:
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

    async def read_json(
        self,
        response: httpx.Response,
        *,
        endpoint: str,
        contract: EndpointContract | None = None,
        secrets: Iterable[str] = (),
    ) -> Any:
        """The body as JSON; a body that is not JSON is a recorded failure (and drift)."""
        try:
            return msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            if contract is not None:
                excerpt = response.content[:_DRIFT_BODY_EXCERPT].decode("utf-8", "replace")
                await self.report_drift(
                    contract,
                    [decode_failure("$", "the body is not JSON", {"body": excerpt})],
                    secrets=secrets,
                )
            raise await self.recorded(
                ExternalServiceError(
                    self.service,
                    f"answered HTTP {response.status_code} with a body that is not JSON",
                    status=response.status_code,
                ),
                endpoint,
            ) from None

    async def read_object(
        self,
        response: httpx.Response,
        *,
        endpoint: str,
        contract: EndpointContract | None = None,
        secrets: Iterable[str] = (),
    ) -> dict[str, Any]:
        """The body as a JSON object; anything else is a recorded failure.

        With a `contract`, the object is compared with it and the differences are recorded as
        drift (the object is returned whatever they are).
        """
        body = await self.read_json(response, endpoint=endpoint, contract=contract, secrets=secrets)
        if contract is not None:
            findings = contract.check(response.status_code, body)
            if findings:
                await self.report_drift(contract, findings, secrets=secrets)
        if not isinstance(body, dict):
            raise await self.recorded(
                ExternalServiceError(
                    self.service,
                    f"unexpected response shape: a JSON {type(body).__name__}, not an object",
                    status=response.status_code,
                ),
                endpoint,
            )
        return body

    async def convert(
        self,
        value: Any,
        into: type[T],
        *,
        endpoint: str,
        contract: EndpointContract | None = None,
        at: str = "$",
    ) -> T:
        """Decode `value` into a struct (lenient: unknown keys ignored, \"12\" accepted as 12).

        With a `contract`, a value that does not fit is left out and recorded as a decode
        failure (under its place in the answer: `at` is where `value` sits in it) instead of
        failing the call; an answer that does not fit at all fails, recorded as drift too.
        """
        if contract is None:
            try:
                return msgspec.convert(value, into, strict=False)
            except msgspec.ValidationError as exc:
                raise await self.recorded(
                    ExternalServiceError(self.service, f"unexpected response shape: {exc}"),
                    endpoint,
                ) from None
        try:
            decoded, left_out = convert_keeping_what_fits(value, into)
        except msgspec.ValidationError as exc:
            failure = decode_failure(at, f"the answer cannot be decoded: {exc}", value)
            await self.report_drift(contract, [failure])
            raise await self.recorded(
                ExternalServiceError(self.service, f"unexpected response shape: {exc}"), endpoint
            ) from None
        if left_out:
            await self.report_drift(
                contract,
                [
                    decode_failure(
                        generic_path(at + item.path[1:]),
                        f"{item.reason}: left out of the decoded answer (the raw answer keeps it)",
                        value,
                    )
                    for item in left_out
                ],
            )
        return decoded

    async def report_drift(
        self, contract: EndpointContract, findings: list[Finding], *, secrets: Iterable[str] = ()
    ) -> None:
        """Count `findings` in the drift log (one write) and log each new one once.

        Never raises: losing a drift record must not fail the call that noticed it.
        """
        hidden = (*self._secrets, *(s for s in secrets if s))
        observations = tally(
            findings,
            service=contract.service,
            endpoint=contract.endpoint,
            example_of=lambda finding: safe_example(finding.example, hidden),
        )
        for seen in observations:
            key = (contract.endpoint, seen.kind.value, seen.subject)
            fresh = key not in self._drift_logged and len(self._drift_logged) < _DRIFT_WARNINGS
            if fresh:
                self._drift_logged.add(key)
            log.log(
                logging.WARNING if fresh else logging.DEBUG,
                "%s %s differs from its contract: %s %s (%s)",
                self.service,
                contract.endpoint,
                seen.kind.value,
                mask_secrets(seen.subject, hidden),
                mask_secrets(seen.detail, hidden),
            )
        if self.drift is None:
            return
        try:
            await self.drift.record(observations)
        except Exception as exc:
            log.warning("could not record %s contract drift: %s", self.service, type(exc).__name__)

    async def _attempt(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Mapping[str, str | int] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        ok_statuses: frozenset[int],
        auth_statuses: frozenset[int],
        auth_probe: AuthProbe | None,
        secrets: tuple[str, ...],
        contract: EndpointContract | None = None,
    ) -> httpx.Response | None:
        try:
            response = await self.client.request(
                method, url, params=params, json=json, headers=headers
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

    async def recorded(self, error: ExternalServiceError, endpoint: str) -> ExternalServiceError:
        """Log and record a failure, and hand it back for raising."""
        message = str(error).removeprefix(f"{self.service}: ")
        log.warning("%s %s failed: %s", self.service, endpoint, message)
        if self.failure_log is not None:
            failure = NewApiFailure(
                service=self.service, endpoint=endpoint, status=error.status, message=message
            )
            try:
                await self.failure_log.record(failure)
            except Exception:
                # Losing the record must not hide the failure the caller is about to see.
                log.exception("could not record the %s failure", self.service)
        return error


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
