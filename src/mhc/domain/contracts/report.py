"""The drift report: what each endpoint answered, set against our reading of its contract.

Written by the live contract tests (`make test-live`) for the owner to read, and by the tests
of recorded payloads, which assert its text: one section per endpoint, each saying "matches the
contract", listing its findings, or saying why it was not checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mhc.domain.contracts.compare import EndpointContract
from mhc.domain.contracts.findings import DriftKind, Finding, tally

_KIND_LABELS = {
    DriftKind.UNKNOWN_FIELD: "unknown field",
    DriftKind.MISSING_FIELD: "missing field",
    DriftKind.TYPE_CHANGED: "changed type",
    DriftKind.UNKNOWN_METHOD: "unknown method",
    DriftKind.DECODE_FAILURE: "decode failure",
    DriftKind.UNEXPECTED_STATUS: "unexpected status",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EndpointCheck:
    """One endpoint's answer compared (or the reason it was not: `skipped`)."""

    contract: EndpointContract
    target: str
    status: int | None = None
    findings: tuple[Finding, ...] = ()
    skipped: str | None = None

    @property
    def matches(self) -> bool:
        return self.skipped is None and not self.findings


def check_answer(
    contract: EndpointContract, target: str, status: int, body: object
) -> EndpointCheck:
    """Compare one answer with its contract."""
    return EndpointCheck(
        contract=contract,
        target=target,
        status=status,
        findings=tuple(contract.check(status, body)),
    )


def render_report(checks: Sequence[EndpointCheck], *, generated_at: datetime) -> str:
    """The report as Markdown: a summary line, then a section per endpoint."""
    matched = sum(check.matches for check in checks)
    skipped = sum(check.skipped is not None for check in checks)
    drifted = len(checks) - matched - skipped
    lines = [
        "# Contract drift report",
        "",
        f"Generated {generated_at.isoformat(timespec='seconds')}: {len(checks)} endpoint "
        f"check(s), {matched} matching the contract, {drifted} with drift, {skipped} skipped.",
    ]
    for check in checks:
        contract = check.contract
        lines += ["", f"## {contract.service} {contract.endpoint} ({check.target})", ""]
        if check.skipped is not None:
            lines.append(f"Skipped: {check.skipped}.")
            continue
        documented = ", ".join(str(status) for status in sorted(contract.answers))
        lines.append(f"HTTP {check.status} (the contract documents {documented}).")
        if not check.findings:
            lines += ["", "Matches the contract."]
            continue
        observations = tally(check.findings, service=contract.service, endpoint=contract.endpoint)
        lines += ["", "| difference | where | count | detail |", "|---|---|---|---|"]
        for seen in observations:
            lines.append(
                f"| {_KIND_LABELS[seen.kind]} | `{_cell(seen.subject)}` | {seen.count} "
                f"| {_cell(seen.detail)} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")
