"""Reporting contract drift: one reporter for the clients, the events feed and the worker.

Findings are counted per answer or batch (never one write per event), their examples masked and
clipped before anything keeps them; each difference is logged at WARNING the first time the
process sees it (up to a cap, so a service that changes everything cannot flood the log), at
DEBUG after. Recording is bookkeeping: it never raises and never waits longer than its bound.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.examples import safe_example
from mhc.domain.contracts.findings import DriftObservation, Finding, tally
from mhc.domain.secrets import mask_secrets
from mhc.ports.drift import DriftRecorder
from mhc.services.cancel_once import CancelOnce

log = logging.getLogger("mhc.drift")

# Differences logged at WARNING once each, up to this many per process.
MAX_WARNINGS = 1000
# A drift record never holds up the call or batch that noticed it longer than this.
RECORD_WITHIN_SECONDS = 2.0


class ContractDriftReporter:
    """Implements DriftReporter over a DriftRecorder (None: log only)."""

    def __init__(
        self,
        recorder: DriftRecorder | None,
        *,
        secrets: Iterable[str | None] = (),
        max_warnings: int = MAX_WARNINGS,
        record_within: float = RECORD_WITHIN_SECONDS,
    ) -> None:
        self._recorder = recorder
        self._secrets = tuple(s for s in secrets if s)
        self._max_warnings = max_warnings
        self._record_within = record_within
        self._logged: set[tuple[str, str, str, str]] = set()

    def note(
        self,
        contract: EndpointContract,
        findings: Iterable[Finding],
        *,
        secrets: Iterable[str] = (),
    ) -> list[DriftObservation]:
        """The findings counted, examples masked and clipped; each new difference logged once."""
        hidden = (*self._secrets, *(s for s in secrets if s))
        observations = tally(
            findings,
            service=contract.service,
            endpoint=contract.endpoint,
            example_of=lambda finding: safe_example(finding.example, hidden),
        )
        for seen in observations:
            key = (seen.service, seen.endpoint, seen.kind.value, seen.subject)
            fresh = key not in self._logged and len(self._logged) < self._max_warnings
            if fresh:
                self._logged.add(key)
            log.log(
                logging.WARNING if fresh else logging.DEBUG,
                "%s %s differs from its contract: %s %s (%s); the answer is kept as it came",
                seen.service,
                seen.endpoint,
                seen.kind.value,
                mask_secrets(seen.subject, hidden),
                mask_secrets(seen.detail, hidden),
            )
        return observations

    async def record(self, observations: Sequence[DriftObservation]) -> None:
        """One write of the counts; a failure or a slow database is logged, never raised."""
        if not observations or self._recorder is None:
            return
        service = observations[0].service
        async with CancelOnce(within=self._record_within) as bounded:
            try:
                await self._recorder.record(observations)
            except Exception as exc:
                log.warning("could not record %s contract drift: %s", service, type(exc).__name__)
        if bounded.cut_short:
            log.warning(
                "%s contract drift not recorded: the drift log took longer than %g s",
                service,
                self._record_within,
            )

    async def report(
        self,
        contract: EndpointContract,
        findings: Iterable[Finding],
        *,
        secrets: Iterable[str] = (),
    ) -> None:
        """`note`, then `record`."""
        await self.record(self.note(contract, findings, secrets=secrets))
