"""Each endpoint the panel reads, asked once through the panel's own client, answers as its
contract says: the simulator in every run, the real services with `make test-live`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mhc.domain.contracts.report import EndpointCheck, check_answer, render_report
from mhc.entrypoints.contract_probe import (
    PROBES,
    Probe,
    capture_answer,
    credentials_of,
    missing_credentials,
)
from tests.contracts.conftest import LIVE_MEMBER, DriftReport, Target, service_clients


def _missing(target: Target, probe: Probe) -> str | None:
    """Why the probe cannot run on this target, or None."""
    missing = missing_credentials(probe, credentials_of(target.settings))
    if missing:
        return "needs " + " and ".join(missing)
    if target.names_for(probe) is None:
        return f"needs {LIVE_MEMBER} (the name of a Statbate member to ask about)"
    return None


@pytest.mark.parametrize(
    "probe", PROBES, ids=[f"{p.contract.service}-{p.contract.name}" for p in PROBES]
)
async def test_the_service_answers_as_its_contract_says_when_asked_once(
    target: Target, probe: Probe, drift_report: DriftReport
) -> None:
    reason = _missing(target, probe)
    if reason is not None:
        drift_report.add(
            EndpointCheck(contract=probe.contract, target=target.label, skipped=reason)
        )
        pytest.skip(reason)
    names = target.names_for(probe) or []

    async with service_clients(target.settings) as container:
        answer = await capture_answer(container, target.settings, probe, names)
    check = check_answer(probe.contract, target.label, answer.status, answer.body)
    drift_report.add(check)

    assert check.matches, render_report([check], generated_at=datetime.now(UTC))
