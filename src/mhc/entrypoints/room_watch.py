"""The worker's watchers of the room beside ingestion: automatic Statbate look-ups of everyone
who shows up (when a Statbate token is set) and the owner's alerts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from mhc.entrypoints.container import Container
from mhc.entrypoints.settings import Settings
from mhc.ports.ingestion import StopRequest
from mhc.services.alert_watch import AlertWatcher
from mhc.services.room_lookups import LookupTuning, RoomLookups

log = logging.getLogger("mhc.worker")

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
    watchers: list[Watcher] = []
    if settings.statbate_api_token:
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
        )
        watchers.append(lookups.run)
    else:
        log.warning("automatic Statbate look-ups disabled: STATBATE_API_TOKEN is not set")
    if not (settings.pushover_token and settings.pushover_user):
        log.info("alerts reach the panel's open tabs only: Pushover is not set up")
    alerts = AlertWatcher(
        feed=container.live_feed(),
        positions=container.follower_positions(),
        store=container.alert_store(),
        sender=container.alert_sender(),
        clock=container.clock(),
        owner=broadcaster,
        stop=stop,
    )
    watchers.append(alerts.run)
    return watchers
