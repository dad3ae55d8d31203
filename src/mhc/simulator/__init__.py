"""Loopback stand-in for the Chaturbate Events and Stats APIs, Statbate Premium and Plus, and
Pushover.

with run_simulator(SimulatorConfig(seed=1)) as sim:
    sim.base_url, sim.environment(), sim.emit(50), sim.fail_next(2, status=503)
"""

from mhc.simulator.app import RecordedRequest
from mhc.simulator.config import (
    EVENTS,
    PLUS,
    PUSHOVER,
    STATBATE,
    STATS,
    Faults,
    SimulatorConfig,
)
from mhc.simulator.server import Simulator, run_simulator, run_simulator_async

__all__ = [
    "EVENTS",
    "PLUS",
    "PUSHOVER",
    "STATBATE",
    "STATS",
    "Faults",
    "RecordedRequest",
    "Simulator",
    "SimulatorConfig",
    "run_simulator",
    "run_simulator_async",
]
