"""Use cases of analysis: score a person or a session, accept or dismiss an inferred attribute."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mhc.domain.analysis.aggregates import Dismissal
from mhc.domain.analysis.inference import INFERENCE_KEYS
from mhc.domain.analysis.models import (
    ExcludedFromAnalysis,
    PersonAnalysis,
    SessionAnalysis,
    SuggestedAttribute,
)
from mhc.domain.analysis.person import score_person
from mhc.domain.analysis.session import (
    LISTED_PEOPLE,
    REGULAR_MIN_PRIOR_SESSIONS,
    TOP_TIPPERS,
    analyse_session,
)
from mhc.domain.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from mhc.domain.models import Attribute
from mhc.domain.owner_clock import OwnerClock
from mhc.domain.usernames import normalize_username
from mhc.ports.analysis import AnalysisSource
from mhc.ports.clock import Clock
from mhc.ports.owner_clock import OwnerClockSource
from mhc.ports.uow import UnitOfWorkFactory

MAX_VALUE_LENGTH = 200


class AnalysisService:
    """Analyses in the owner's time zone, for the owner's room (`broadcaster`).

    The zone and clock are the owner's as they are at each analysis (`owner_clock`), or
    `timezone` on a 24-hour clock when no source of the owner's choice is given.
    """

    def __init__(
        self,
        source: AnalysisSource,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        broadcaster: str,
        timezone: str,
        owner_clock: OwnerClockSource | None = None,
    ) -> None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                [f"MHC_TIMEZONE must be an IANA time zone name, got {timezone!r}"]
            ) from None
        self._source = source
        self._uow_factory = uow_factory
        self._clock = clock
        self._broadcaster = normalize_username(broadcaster)
        self._timezone = timezone
        self._owner_clock = owner_clock

    async def person(self, person_id: int, *, include_excluded: bool = False) -> PersonAnalysis:
        """The person's full analysis; ExcludedFromAnalysis for an excluded person unless asked."""
        owner = await self._current_clock()
        aggregates = await self._source.person_aggregates(
            person_id,
            broadcaster=self._broadcaster,
            timezone=owner.timezone,
            include_excluded=include_excluded,
        )
        if aggregates is None:
            raise NotFound(f"person {person_id} does not exist")
        if aggregates.is_excluded and not include_excluded:
            raise ExcludedFromAnalysis(
                f"{aggregates.username} is excluded from analysis; ask with include_excluded "
                "to analyse them anyway"
            )
        return score_person(
            aggregates, now=self._clock.now(), timezone=owner.timezone, clock=owner.clock
        )

    async def session(self, session_id: int, *, include_excluded: bool = False) -> SessionAnalysis:
        """Top tippers, newcomers, returning regulars, conversion and chat volume of a session."""
        aggregates = await self._source.session_aggregates(
            session_id,
            include_excluded=include_excluded,
            regular_min_prior_sessions=REGULAR_MIN_PRIOR_SESSIONS,
            top_tippers=TOP_TIPPERS,
            listed_people=LISTED_PEOPLE,
        )
        if aggregates is None:
            raise NotFound(f"stream session {session_id} does not exist")
        return analyse_session(aggregates, self._clock.now())

    async def _current_clock(self) -> OwnerClock:
        if self._owner_clock is None:
            return OwnerClock(timezone=self._timezone)
        return await self._owner_clock.current()

    async def accept(
        self, person_id: int, key: str, value: str, *, include_excluded: bool = False
    ) -> Attribute:
        """Store a current suggestion as the person's attribute, citing its first evidence.

        Conflict when the analysis no longer suggests `key` = `value` (the data changed, it was
        dismissed, or the person already has it).
        """
        suggestion = await self._current_suggestion(person_id, key, value, include_excluded)
        evidence = suggestion.evidence.items[0]
        async with self._uow_factory() as uow:
            attribute = await uow.attributes.upsert(
                person_id,
                key=suggestion.key,
                value=suggestion.value,
                confidence=suggestion.confidence,
                evidence_type=evidence.type,
                evidence_id=evidence.id,
            )
            await uow.commit()
        return attribute

    async def dismiss(self, person_id: int, key: str, value: str) -> Dismissal:
        """Stop suggesting `key` = `value` for this person; a different value is still offered."""
        key = _known_key(key)
        value = value.strip()
        if not value or len(value) > MAX_VALUE_LENGTH:
            raise InvalidInput(
                f"the dismissed value must be 1 to {MAX_VALUE_LENGTH} characters", field="value"
            )
        return await self._source.dismiss(person_id, key=key, value=value, at=self._clock.now())

    async def dismissals(self, person_id: int) -> list[Dismissal]:
        return await self._source.dismissals(person_id)

    async def _current_suggestion(
        self, person_id: int, key: str, value: str, include_excluded: bool
    ) -> SuggestedAttribute:
        key = _known_key(key)
        analysis = await self.person(person_id, include_excluded=include_excluded)
        wanted = value.strip().casefold()
        for suggestion in analysis.suggestions:
            if suggestion.key == key and suggestion.value.casefold() == wanted:
                return suggestion
        offered = next((s.value for s in analysis.suggestions if s.key == key), None)
        now_offered = f"; it now suggests {offered!r}" if offered else ""
        raise Conflict(
            f"the analysis of {analysis.username} does not suggest {key} = {value!r}{now_offered}"
        )


def _known_key(key: str) -> str:
    normalised = key.strip()
    if normalised not in INFERENCE_KEYS:
        raise InvalidInput(
            f"{key!r} is not an inferred attribute; expected one of {', '.join(INFERENCE_KEYS)}",
            field="key",
        )
    return normalised
