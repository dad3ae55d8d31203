"""Who is kept out of aggregates, analyses, paste extraction and paid API calls."""

from __future__ import annotations

from collections.abc import Iterable

from mhc.domain.usernames import normalize_username


class ExclusionPolicy:
    """The configured excluded usernames (default `smk_lover`), compared normalised."""

    def __init__(self, excluded_usernames: Iterable[str]) -> None:
        # A malformed configured name raises InvalidInput here, at start-up, not on first use.
        self._excluded = frozenset(normalize_username(name) for name in excluded_usernames)

    @property
    def names(self) -> frozenset[str]:
        """The excluded usernames, normalised."""
        return self._excluded

    def is_excluded(self, username: str) -> bool:
        """True when `username`, normalised, is on the list; text that is no username is not."""
        return username.strip().lstrip("@").lower() in self._excluded

    def filter(self, usernames: Iterable[str]) -> list[str]:
        """The usernames that are not excluded, in their order."""
        return [name for name in usernames if not self.is_excluded(name)]
