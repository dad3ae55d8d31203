"""Backfills: Statbate snapshots of many names, the room's tip history, its chat history; each
one recorded as it goes, so the CLI draws a bar and the panel shows how far it got.

- service.py: the use cases (queue, start, run, cancel, read) and the request checks' order;
- requests.py: what each kind's request may ask;
- snapshots.py, tips.py, chat.py: the work of each kind, one runner per kind;
- progress.py: a run's progress, to the listener and (throttled) to the store;
- cancellation.py: a cancel from the panel, read back with a progress write.
"""

from mhc.services.backfills.cancellation import PANEL_CANCELLED
from mhc.services.backfills.service import PLUS_MISSING, STATBATE_MISSING, BackfillService
from mhc.services.backfills.tips import TIPS_PER_PAGE

__all__ = [
    "PANEL_CANCELLED",
    "PLUS_MISSING",
    "STATBATE_MISSING",
    "TIPS_PER_PAGE",
    "BackfillService",
]
