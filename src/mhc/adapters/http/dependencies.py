"""What the HTTP app needs, handed to `create_app` by the composition root.

Handlers never see this bag: `create_app` turns each entry into a Litestar dependency of the
same name (a thin `Provide` bridge), and a handler names the one service or port it uses
(`notes: Injected[NoteService]`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from mhc.adapters.http.auth import OwnerAuth
from mhc.adapters.http.streams import StreamSlots
from mhc.ports.clock import Clock
from mhc.ports.drift import DriftLog
from mhc.ports.evidence import EvidenceReader
from mhc.ports.read_models import ReadModels
from mhc.services.alerts import AlertService
from mhc.services.analysis import AnalysisService
from mhc.services.attributes import AttributeService
from mhc.services.backfills import BackfillService
from mhc.services.capture import CaptureService
from mhc.services.communications import CommunicationsService
from mhc.services.connections import ConnectionService
from mhc.services.erasure import ErasureService
from mhc.services.exports import ExportService
from mhc.services.lookup import LookupService
from mhc.services.notes import NoteService
from mhc.services.owner_clock import OwnerClockService
from mhc.services.paste import PasteService
from mhc.services.people import PeopleService
from mhc.services.radar import RadarService
from mhc.services.reports import ReportService
from mhc.services.sessions import SessionService
from mhc.services.watchlists import WatchlistService


@dataclass(frozen=True, kw_only=True, slots=True)
class AppDependencies:
    """The services and ports, each as a zero-argument callable that returns it, and settings.

    The composition root passes its container's providers (`lookup=container.lookup`): every
    request asks the container, so `container.x.override(fake)` takes effect in a running app.
    `spa_dir` is the built frontend (`frontend/dist`); when it has no index.html the app serves
    a page that says how to build it. `shutting_down` is set by whoever serves the app when the
    process is asked to stop: endless responses (the radar stream) end on it.
    """

    lookup: Callable[[], LookupService]
    people: Callable[[], PeopleService]
    notes: Callable[[], NoteService]
    attributes: Callable[[], AttributeService]
    sessions: Callable[[], SessionService]
    watchlists: Callable[[], WatchlistService]
    read_models: Callable[[], ReadModels]
    analysis: Callable[[], AnalysisService]
    capture: Callable[[], CaptureService]
    evidence: Callable[[], EvidenceReader]
    radar: Callable[[], RadarService]
    drift: Callable[[], DriftLog]
    backfills: Callable[[], BackfillService]
    exports: Callable[[], ExportService]
    erasures: Callable[[], ErasureService]
    connections: Callable[[], ConnectionService]
    alerts: Callable[[], AlertService]
    paste: Callable[[], PasteService]
    communications: Callable[[], CommunicationsService]
    reports: Callable[[], ReportService]
    owner_clock: Callable[[], OwnerClockService]
    clock: Callable[[], Clock]
    # Built once by the composition root: the authentication middleware holds it too.
    owner_auth: OwnerAuth
    broadcaster: str
    version: str
    spa_dir: Path | None = None
    # The worker polls at least every 90 s (the longest Events API hold); twice that is stale.
    worker_stale_after: timedelta = field(default=timedelta(seconds=180))
    shutting_down: asyncio.Event = field(default_factory=asyncio.Event)
    # Proxies in front of the process (see edge.py), and the Host names it answers to (empty:
    # any).
    trusted_proxy_hops: int = 0
    allowed_hosts: tuple[str, ...] = ()
    # Whether /schema needs credentials (production).
    private_schema: bool = False
    # How many radar streams may be open at once in this process.
    radar_streams: StreamSlots = field(default_factory=StreamSlots)
