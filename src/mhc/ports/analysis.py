"""The port analysis reads its aggregates through, and where dismissed inferences are kept."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from mhc.domain.analysis.aggregates import Dismissal, PersonAggregates, SessionAggregates


class AnalysisSource(Protocol):
    """Aggregates computed where the data lives, each in as few queries as possible."""

    async def person_aggregates(
        self,
        person_id: int,
        *,
        broadcaster: str,
        timezone: str,
        include_excluded: bool,
    ) -> PersonAggregates | None:
        """None when the person does not exist.

        Only ACTIVITY_TYPES and the owner's room's imported chat count (see
        domain.analysis.aggregates). Local times
        (hours, days, months) are in `timezone`. For an excluded person, unless
        `include_excluded`, no interaction or snapshot is read: the aggregates come back empty
        with `is_excluded` set.
        """
        ...

    async def session_aggregates(
        self,
        session_id: int,
        *,
        include_excluded: bool,
        regular_min_prior_sessions: int,
        top_tippers: int,
        listed_people: int,
    ) -> SessionAggregates | None:
        """None when the session does not exist.

        Excluded persons (unless `include_excluded`) and the broadcaster are left out. Newcomers
        had no activity before the session; regulars were in `regular_min_prior_sessions` or
        more earlier sessions. Lists are capped at `top_tippers` and `listed_people`.
        """
        ...

    async def dismissals(self, person_id: int) -> list[Dismissal]:
        """The person's dismissed inferences, newest first."""
        ...

    async def dismiss(self, person_id: int, *, key: str, value: str, at: datetime) -> Dismissal:
        """Remember that `key` = `value` was dismissed (again: the time moves); NotFound for an
        unknown person."""
        ...
