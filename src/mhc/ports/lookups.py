"""The port of the automatic Statbate look-ups: a queue of people seen in the room, kept in
the database so that a restart never drops a name (see domain.lookups for the rules)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Protocol

from mhc.domain.lookups import DueLookup, LookupAnswer, LookupStatus


class LookupQueue(Protocol):
    async def enqueue(
        self, person_ids: Collection[int], *, owner: str, freshness: timedelta
    ) -> list[int]:
        """Queue whoever of `person_ids` is due a look-up: not the owner, not excluded, no
        member snapshot younger than `freshness`, and not answered or failed lately. Returns
        the ids queued now."""
        ...

    async def due(self, *, limit: int) -> list[DueLookup]:
        """Queued look-ups whose time has come, longest waiting first."""
        ...

    async def settle(self, answers: Sequence[LookupAnswer]) -> None:
        """Record what the service said about each person (they leave the queue)."""
        ...

    async def postpone(self, person_ids: Collection[int], *, delay: float, error: str) -> None:
        """A call failed as a whole: its people stay queued, due again after `delay` seconds."""
        ...

    async def forget(self, person_ids: Collection[int]) -> None:
        """Take people off the queue for good (they turned out to be excluded)."""
        ...

    async def announce(self, person_ids: Collection[int]) -> None:
        """Tell the panel's radar streams that these people's cards changed."""
        ...

    async def statuses(self, person_ids: Collection[int]) -> dict[int, LookupStatus]:
        """Where each person's look-up stands (people never queued are left out)."""
        ...
