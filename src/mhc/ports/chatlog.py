"""What saving pasted chat and showing a person's threads need of the store, beyond the unit of
work: which pasted messages are stored already, which the Events API recorded, and the threads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import msgspec

from mhc.domain.models import InteractionType
from mhc.ports.read_models import InteractionView


class LiveProbe(msgspec.Struct, frozen=True, kw_only=True):
    """A pasted message to look for among the interactions recorded otherwise (the Events API):
    the same person, type and text (for a tip: tokens) between `since` and `until`."""

    username: str
    type: InteractionType
    content: str | None
    tokens: int | None
    since: datetime
    until: datetime


class Correspondence(msgspec.Struct, frozen=True, kw_only=True):
    """A person's messages and tips, the newest `limit` of each type, oldest first, with the
    total of each type; and the newest tip menu seen of them."""

    username: str
    messages: list[InteractionView]
    totals: dict[str, int]
    tip_menu: InteractionView | None


class ChatRecords(Protocol):
    async def stored_keys(self, keys: Sequence[str]) -> set[str]:
        """The pasted messages' source event ids among `keys` that are stored already."""
        ...

    async def recorded_elsewhere(self, probes: Sequence[LiveProbe]) -> set[int]:
        """The positions in `probes` of messages some other source recorded."""
        ...

    async def correspondence(self, person_id: int, *, limit: int) -> Correspondence | None:
        """None when the person does not exist."""
        ...
