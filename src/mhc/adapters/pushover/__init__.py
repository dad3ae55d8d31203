"""Pushover: alerts on the owner's phone."""

from mhc.adapters.pushover.client import DEFAULT_BASE_URL, PushoverClient

__all__ = ["DEFAULT_BASE_URL", "PushoverClient"]
