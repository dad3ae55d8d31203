"""Reading an answer for one service: JSON, an object, a struct, each checked against its contract.

Given an endpoint's contract, the answer is compared with it and the differences go to the
injected DriftReporter, counted per answer. A body that is not JSON and a value that does not
fit its struct are drift too. A value that does not fit is left out of the decoded answer rather
than failing it, so the raw answer (which keeps everything) is still returned to be stored.

A failure is logged and written to the FailureLog once, as the final outcome of the call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, TypeVar

import httpx
import msgspec

from mhc.adapters.decoding import convert_keeping_what_fits
from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.findings import Finding, decode_failure, generic_path, not_json
from mhc.domain.errors import ExternalServiceError
from mhc.domain.models import NewApiFailure
from mhc.ports.drift import DriftReporter
from mhc.ports.operations import FailureLog

log = logging.getLogger("mhc.adapters.resilience")

T = TypeVar("T")


class AnswerReader:
    """Decodes one service's answers, reports their drift and records their failures."""

    def __init__(
        self,
        *,
        service: str,
        failure_log: FailureLog | None = None,
        secrets: Iterable[str] = (),
        drift: DriftReporter | None = None,
    ) -> None:
        self.service = service
        self.failure_log = failure_log
        self.drift = drift
        self._secrets = tuple(s for s in secrets if s)

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
                await self.report_drift(contract, [not_json(response.content)], secrets=secrets)
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
        """Hand `findings` to the drift reporter, this service's secrets to be masked.

        Never raises: losing a drift record must not fail the call that noticed it.
        """
        if self.drift is not None:
            hidden = (*self._secrets, *(s for s in secrets if s))
            await self.drift.report(contract, findings, secrets=hidden)

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
