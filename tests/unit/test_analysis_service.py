from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
import pytest
from tests.fakes import EVENING, FakeDatabase, ManualClock

from mhc.domain.analysis.aggregates import (
    Dismissal,
    EngagementAggregate,
    LoyaltyAggregate,
    PartOfDayEvidence,
    PersonAggregates,
    SessionAggregates,
    StatbateData,
    TimingAggregate,
    TipAggregate,
)
from mhc.domain.analysis.models import Evidence, ExcludedFromAnalysis, MonthActivity
from mhc.domain.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from mhc.domain.models import Confidence, EvidenceType, Person
from mhc.services.analysis import AnalysisService


class FakeAnalysisSource:
    """Prepared aggregates per person and session; dismissals kept in memory."""

    def __init__(self) -> None:
        self.people: dict[int, PersonAggregates] = {}
        self.sessions: dict[int, SessionAggregates] = {}
        self.dismissed: dict[int, dict[tuple[str, str], Dismissal]] = {}
        self.calls: list[tuple[int, bool]] = []

    async def person_aggregates(
        self, person_id: int, *, broadcaster: str, timezone: str, include_excluded: bool
    ) -> PersonAggregates | None:
        self.calls.append((person_id, include_excluded))
        aggregates = self.people.get(person_id)
        if aggregates is None:
            return None
        dismissals = tuple(self.dismissed.get(person_id, {}).values())
        return msgspec.structs.replace(aggregates, dismissals=dismissals)

    async def session_aggregates(
        self,
        session_id: int,
        *,
        include_excluded: bool,
        regular_min_prior_sessions: int,
        top_tippers: int,
        listed_people: int,
    ) -> SessionAggregates | None:
        return self.sessions.get(session_id)

    async def dismissals(self, person_id: int) -> list[Dismissal]:
        return list(self.dismissed.get(person_id, {}).values())

    async def dismiss(self, person_id: int, *, key: str, value: str, at: datetime) -> Dismissal:
        if person_id not in self.people:
            raise NotFound(f"person {person_id} does not exist")
        dismissal = Dismissal(key=key, value=value, dismissed_at=at)
        self.dismissed.setdefault(person_id, {})[(key, value)] = dismissal
        return dismissal


def _tip(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


def _whale(person: Person, *, excluded: bool = False) -> PersonAggregates:
    tips = TipAggregate(
        count=25,
        total=12_000,
        median=300,
        largest=2_000,
        first_at=EVENING - timedelta(days=120),
        last_at=EVENING - timedelta(days=1),
        sessions_tipped=10,
        sources=("cb_events",),
        largest_evidence=(_tip(501), _tip(502)),
        recent_evidence=(_tip(520),),
    )
    return PersonAggregates(
        person_id=person.id,
        username=person.username,
        is_excluded=excluded,
        tips=tips,
        engagement=EngagementAggregate(sessions_attended=14, owner_sessions_since_first_seen=30),
        loyalty=LoyaltyAggregate(
            interactions=300,
            active_days=14,
            first_seen_at=EVENING - timedelta(days=120),
            last_seen_at=EVENING - timedelta(days=1),
            first_evidence=_tip(11),
            last_evidence=_tip(520),
            sources=("cb_events",),
        ),
        timing=TimingAggregate(
            timezone="Europe/Berlin",
            cells=((4, 21, 300),),
            evidence_by_part=(PartOfDayEvidence(part="evenings", evidence=(_tip(520),)),),
        ),
        months=(
            MonthActivity(
                month="2025-12", interactions=300, tips=25, tokens=12_000, active_days=14
            ),
        ),
        statbate=StatbateData(),
    )


@pytest.fixture
def source() -> FakeAnalysisSource:
    return FakeAnalysisSource()


@pytest.fixture
def service(
    source: FakeAnalysisSource, database: FakeDatabase, clock: ManualClock
) -> AnalysisService:
    return AnalysisService(
        source, database.unit_of_work, clock, broadcaster="hudson_cage", timezone="Europe/Berlin"
    )


@pytest.fixture
def whale(tipper: Person, source: FakeAnalysisSource) -> Person:
    source.people[tipper.id] = _whale(tipper)
    return tipper


async def test_person_scores_every_dimension_and_suggests_attributes_when_data_exists(
    service: AnalysisService, whale: Person
) -> None:
    analysis = await service.person(whale.id)
    assert analysis.username == "big_tipper_77"
    assert analysis.timezone == "Europe/Berlin"
    assert {s.key: s.value for s in analysis.suggestions} == {
        "spender_tier": "whale",
        "loyalty": "regular",
        "active_hours": "evenings",
    }
    assert analysis.activity_heatmap[4][21] == 300
    assert len(analysis.insights()) == 16


async def test_person_raises_not_found_when_the_person_does_not_exist(
    service: AnalysisService,
) -> None:
    with pytest.raises(NotFound, match="person 404"):
        await service.person(404)


async def test_person_refuses_an_excluded_person_unless_asked_to_include_them(
    service: AnalysisService, whale: Person, source: FakeAnalysisSource
) -> None:
    source.people[whale.id] = _whale(whale, excluded=True)
    with pytest.raises(ExcludedFromAnalysis, match="excluded from analysis"):
        await service.person(whale.id)
    included = await service.person(whale.id, include_excluded=True)
    assert included.is_excluded
    assert source.calls == [(whale.id, False), (whale.id, True)]


async def test_accept_stores_the_suggestion_with_its_evidence_and_confidence_when_current(
    service: AnalysisService, whale: Person, database: FakeDatabase
) -> None:
    attribute = await service.accept(whale.id, "spender_tier", "Whale")
    assert (attribute.key, attribute.value) == ("spender_tier", "whale")
    assert attribute.confidence == Confidence.HIGH
    assert (attribute.evidence_type, attribute.evidence_id) == (EvidenceType.INTERACTION, 501)
    async with database.unit_of_work() as uow:
        stored = await uow.attributes.by_person(whale.id)
    assert [(a.key, a.value) for a in stored] == [("spender_tier", "whale")]


async def test_accept_raises_conflict_naming_the_new_value_when_the_suggestion_moved_on(
    service: AnalysisService, whale: Person
) -> None:
    with pytest.raises(Conflict, match="it now suggests 'whale'"):
        await service.accept(whale.id, "spender_tier", "big")


async def test_accept_refuses_a_key_when_it_is_not_an_inference(
    service: AnalysisService, whale: Person
) -> None:
    with pytest.raises(InvalidInput, match="not an inferred attribute") as raised:
        await service.accept(whale.id, "favourite_colour", "blue")
    assert raised.value.field == "key"


async def test_dismiss_hides_the_suggestion_until_the_value_changes_when_dismissed(
    service: AnalysisService, whale: Person, source: FakeAnalysisSource, clock: ManualClock
) -> None:
    dismissal = await service.dismiss(whale.id, "loyalty", " regular ")
    assert dismissal == Dismissal(key="loyalty", value="regular", dismissed_at=EVENING)
    assert "loyalty" not in {s.key for s in (await service.person(whale.id)).suggestions}
    lapsed = msgspec.structs.replace(
        source.people[whale.id],
        loyalty=msgspec.structs.replace(
            source.people[whale.id].loyalty, last_seen_at=EVENING - timedelta(days=90)
        ),
    )
    source.people[whale.id] = lapsed
    suggestions = {s.key: s.value for s in (await service.person(whale.id)).suggestions}
    assert suggestions["loyalty"] == "lapsed"
    assert await service.dismissals(whale.id) == [dismissal]


async def test_dismiss_refuses_an_empty_value_when_given_blanks(
    service: AnalysisService, whale: Person
) -> None:
    with pytest.raises(InvalidInput, match="1 to 200 characters"):
        await service.dismiss(whale.id, "loyalty", "   ")


async def test_session_raises_not_found_when_the_session_does_not_exist(
    service: AnalysisService,
) -> None:
    with pytest.raises(NotFound, match="stream session 77"):
        await service.session(77)


async def test_session_scores_the_aggregates_when_the_session_exists(
    service: AnalysisService, source: FakeAnalysisSource
) -> None:
    source.sessions[5] = SessionAggregates(
        session_id=5, started_at=EVENING, ended_at=None, enterers=10, enterers_who_tipped=5
    )
    analysis = await service.session(5)
    assert analysis.enter_to_tip_conversion == 0.5


def test_service_refuses_a_time_zone_when_it_is_not_an_iana_name(
    source: FakeAnalysisSource, database: FakeDatabase, clock: ManualClock
) -> None:
    with pytest.raises(ConfigurationError, match="MHC_TIMEZONE"):
        AnalysisService(
            source, database.unit_of_work, clock, broadcaster="hudson_cage", timezone="Mars/Base"
        )
