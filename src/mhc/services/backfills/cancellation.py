"""Stopping a run before its end: the owner's cancel from the panel, or its process stopping.

A cancel from the panel is read back with a progress write (see progress.py), which raises
CancelRequested between two chunks or pages; the service then ends the run as cancelled.
"""

from __future__ import annotations

# What a run cancelled from the panel says of itself.
PANEL_CANCELLED = "cancelled from the panel"
# ... and one the owner stopped with Ctrl-C in the CLI.
INTERRUPTED = "cancelled before it finished"


class CancelRequested(Exception):
    """The owner cancelled the run from the panel; raised between two chunks, never inside
    one's transaction, so everything counted so far is stored."""
