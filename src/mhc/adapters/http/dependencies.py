"""What the HTTP app needs, built by the composition root and handed to `create_app`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from mhc.adapters.http.auth import OwnerAuth
from mhc.ports.clock import Clock
from mhc.ports.drift import DriftLog
from mhc.ports.evidence import EvidenceReader
from mhc.ports.read_models import ReadModels
from mhc.services.analysis import AnalysisService
from mhc.services.attributes import AttributeService
from mhc.services.backfills import BackfillService
from mhc.services.capture import CaptureService
from mhc.services.erasure import ErasureService
from mhc.services.exports import ExportService
from mhc.services.lookup import LookupService
from mhc.services.notes import NoteService
from mhc.services.people import PeopleService
from mhc.services.radar import RadarService
from mhc.services.sessions import SessionService
from mhc.services.watchlists import WatchlistService


@dataclass(frozen=True, kw_only=True, slots=True)
class AppDependencies:
    """Already-built services and ports; the app only looks them up.

    `spa_dir` is the built frontend (`frontend/dist`); when it has no index.html the app
    serves a page that says how to build it. `shutting_down` is set by whoever serves the app
    when the process is asked to stop: endless responses (the radar stream) end on it.
    """

    lookup: LookupService
    people: PeopleService
    notes: NoteService
    attributes: AttributeService
    sessions: SessionService
    watchlists: WatchlistService
    read_models: ReadModels
    analysis: AnalysisService
    capture: CaptureService
    evidence: EvidenceReader
    radar: RadarService
    drift: DriftLog
    backfills: BackfillService
    exports: ExportService
    erasures: ErasureService
    owner_auth: OwnerAuth
    clock: Clock
    broadcaster: str
    version: str
    spa_dir: Path | None = None
    # The worker polls at least every 90 s (the longest Events API hold); twice that is stale.
    worker_stale_after: timedelta = field(default=timedelta(seconds=180))
    shutting_down: asyncio.Event = field(default_factory=asyncio.Event)
