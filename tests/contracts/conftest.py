"""Contract tests run against a target: the simulator (always, in `make test`) or the real
services (`make test-live`, that is `pytest tests/contracts --live`, or MHC_LIVE=1).

The live target uses the settings as the panel reads them (environment, then `.env`): the
production URLs unless they are overridden, and the owner's tokens and cookies. A test whose
credentials are missing is skipped with the variable it needs; live calls only read. Every live
check goes into the drift report, written at the end of the run (`--drift-report PATH`, default
`.mhc/contract-drift-report.md`).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dotenv import dotenv_values

from mhc.domain.contracts.report import EndpointCheck, render_report
from mhc.entrypoints.container import Container
from mhc.entrypoints.contract_probe import Probe
from mhc.entrypoints.lifecycle import open_container
from mhc.entrypoints.settings import Settings, load_settings
from mhc.simulator import Simulator, SimulatorConfig, run_simulator

LIVE_MEMBER = "MHC_LIVE_MEMBER"
DEFAULT_REPORT = Path(".mhc") / "contract-drift-report.md"
START = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
# A name Statbate does not know, so that a batch answer holds an error item too.
UNKNOWN_MEMBER = "nobody_like_this_42"
_REPORT_KEY = pytest.StashKey[Path]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contracts", "contract tests of the external services")
    group.addoption(
        "--live",
        action="store_true",
        help="run the contract tests against the real services (read-only; tokens from the "
        "environment or .env; also MHC_LIVE=1)",
    )
    group.addoption(
        "--drift-report",
        type=Path,
        default=None,
        help=f"where to write the drift report (default for live runs: {DEFAULT_REPORT})",
    )


def is_live(config: pytest.Config) -> bool:
    return bool(config.getoption("--live", default=False)) or os.environ.get("MHC_LIVE") == "1"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target" in metafunc.fixturenames:
        chosen = "live" if is_live(metafunc.config) else "simulator"
        metafunc.parametrize("target", [chosen], indirect=True, scope="session")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A live run runs only the live tests: the offline ones here already ran in `make test`."""
    if not is_live(config):
        return
    here = Path(__file__).parent
    offline = [
        item
        for item in items
        if item.path.is_relative_to(here) and "target" not in getattr(item, "fixturenames", ())
    ]
    if offline:
        config.hook.pytest_deselected(items=offline)
        items[:] = [item for item in items if item not in offline]


@dataclass
class Target:
    """Where the contract tests send their questions, and who they ask about."""

    label: str
    settings: Settings
    # A Statbate member to ask about; None when the live run was not given one.
    member: str | None
    others: list[str] = field(default_factory=list)

    def names_for(self, probe: Probe) -> list[str] | None:
        """The names the probe asks about; None when the target has no member to offer."""
        if probe.asks_about in ("", "room"):
            return []
        if self.member is None:
            return None
        if probe.asks_about == "members":
            return [self.member, *self.others]
        return [self.member]


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "live":
        settings = load_settings()
        yield Target(
            label="live",
            settings=settings,
            member=os.environ.get(LIVE_MEMBER) or dotenv_values(".env").get(LIVE_MEMBER) or None,
            others=[UNKNOWN_MEMBER],
        )
        return
    with run_simulator(SimulatorConfig(seed=7, start_time=START)) as sim:
        sim.emit(400)
        yield Target(
            label="simulator",
            settings=load_settings(sim.environment(), env_file=None),
            member=_busy_member(sim),
            others=[UNKNOWN_MEMBER],
        )


def _busy_member(sim: Simulator) -> str:
    """A member Statbate knows, with tips and chat, so every part of an answer is there."""
    known = [
        viewer
        for viewer in sim.world.viewers.values()
        if viewer.known_to_statbate and viewer.first_message_at is not None
    ]
    return max(known, key=lambda viewer: len(viewer.tips)).username


class DriftReport:
    """The checks of this run, in order."""

    def __init__(self) -> None:
        self.checks: list[EndpointCheck] = []

    def add(self, check: EndpointCheck) -> None:
        self.checks.append(check)


@pytest.fixture(scope="session")
def drift_report(request: pytest.FixtureRequest) -> Iterator[DriftReport]:
    report = DriftReport()
    yield report
    config = request.config
    path: Path | None = config.getoption("--drift-report", default=None)
    if path is None and is_live(config):
        path = DEFAULT_REPORT
    if path is None or not report.checks:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(report.checks, generated_at=datetime.now(UTC)), encoding="utf-8")
    config.stash[_REPORT_KEY] = path


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    path = config.stash.get(_REPORT_KEY, None)
    if path is not None:
        terminalreporter.write_line(f"contract drift report: {path}")


@asynccontextmanager
async def service_clients(settings: Settings) -> AsyncIterator[Container]:
    """The panel's own clients on `settings`; nothing they notice goes to a database."""
    async with open_container(settings, database=False) as container:
        yield container
