"""The built-in watchlists, seeded by the migrations and never deleted."""

from __future__ import annotations

FRIENDS = "Friends"
KNOWN_STREAMERS = "Known Streamers"
ONES_TO_WATCH = "Ones to Watch"
BANNED_BUT_CRAVED = "Banned But Craved"
# Excluded people are put on this list; its members are never sent to Statbate.
EXCLUDED = "Excluded"

SYSTEM_WATCHLISTS = (FRIENDS, KNOWN_STREAMERS, ONES_TO_WATCH, BANNED_BUT_CRAVED, EXCLUDED)
