"""The worker's watchers of the room beside ingestion: automatic Statbate look-ups of everyone
who shows up (waiting while no Statbate token is set) and the owner's alerts."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.ports.ingestion import StopRequest
from mhc.services.alert_watch import AlertWatcher
from mhc.services.room_lookups import LookupTuning, RoomLookups

Watcher = Callable[[], Coroutine[Any, Any, None]]


def room_watchers(
    settings: Settings,
    container: Container,
    stop: StopRequest,
    *,
    broadcaster: str,
    lookup_tuning: LookupTuning | None = None,
) -> list[Watcher]:
    """What the worker runs beside ingestion to watch the room; each returns once stopped."""
    lookups = RoomLookups(
        feed=container.live_feed(),
        positions=container.follower_positions(),
        queue=container.lookup_queue(),
        capture=container.room_capture(),
        clock=container.clock(),
        owner=broadcaster,
        stop=stop,
        freshness=settings.statbate_freshness,
        tuning=lookup_tuning,
        ready=container.statbate_configured(),
    )
    alerts = AlertWatcher(
        feed=container.live_feed(),
        positions=container.follower_positions(),
        store=container.alert_store(),
        sender=container.alert_sender(),
        clock=container.clock(),
        owner=broadcaster,
        stop=stop,
    )
    return [lookups.run, alerts.run]
