from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis.aggregates import (
    HourTips,
    PartOfDayEvidence,
    SnapshotRef,
    StatbateActivity,
    TimingAggregate,
    WeekdayTips,
)
from mhc.domain.analysis.models import Evidence
from mhc.domain.analysis.timing import (
    PARTS_OF_DAY,
    VARIED,
    dominant_part,
    heatmap,
    hour_shift,
    local_month,
    part_of_day,
    part_shares,
    room_activity_hours,
    statbate_activity_hours,
)
from mhc.domain.models import Confidence, EvidenceType
from mhc.domain.owner_clock import ClockStyle

NOW = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
cells = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 23), st.integers(0, 500)), max_size=60)


def _event(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


def _timing(cells: tuple[tuple[int, int, int], ...]) -> TimingAggregate:
    return TimingAggregate(
        timezone="Europe/Berlin",
        cells=cells,
        sources=("cb_events",),
        evidence_by_part=(
            PartOfDayEvidence(part="evenings", evidence=(_event(21), _event(22))),
            PartOfDayEvidence(part="nights", evidence=(_event(3),)),
        ),
    )


@given(st.integers(0, 23))
def test_part_of_day_covers_every_hour_when_asked(hour: int) -> None:
    label = part_of_day(hour)
    start, stop = next((a, b) for name, a, b in PARTS_OF_DAY if name == label)
    assert start <= hour < stop


def test_part_of_day_refuses_an_hour_when_it_is_out_of_range() -> None:
    with pytest.raises(ValueError, match="hour out of range"):
        part_of_day(24)


@given(cells)
def test_heatmap_keeps_every_interaction_when_cells_repeat(
    given_cells: list[tuple[int, int, int]],
) -> None:
    grid = heatmap(given_cells)
    assert len(grid) == 7
    assert all(len(row) == 24 for row in grid)
    assert sum(map(sum, grid)) == sum(count for _, _, count in given_cells)


@given(st.lists(st.integers(0, 1000), min_size=24, max_size=24))
def test_part_shares_add_up_to_one_when_there_is_activity(hours: list[int]) -> None:
    shares = part_shares(hours)
    if sum(hours):
        assert sum(shares.values()) == pytest.approx(1.0)
        label = dominant_part(hours)
        assert label == VARIED or shares[label] >= 0.4
    else:
        assert dominant_part(hours) == VARIED


def test_room_activity_hours_refuses_to_guess_when_only_a_few_interactions() -> None:
    insight = room_activity_hours(_timing(((4, 21, 3), (5, 22, 2))))
    assert insight.summary == "Only 5 interactions seen: not enough to call active hours."
    assert not insight.enough_data
    assert insight.confidence == Confidence.LOW


def test_room_activity_hours_calls_evenings_and_cites_evening_events_when_most_fall_there() -> None:
    insight = room_activity_hours(_timing(((4, 21, 30), (4, 22, 10), (0, 3, 8))))
    assert insight.facts["active_hours"] == "evenings"
    assert insight.facts["peak_hour"] == 21
    assert insight.facts["peak_day"] == "Friday"
    assert insight.summary == (
        "Most active in the evenings (83% of 48 interactions); busiest hour 21:00, "
        "busiest day Friday (Europe/Berlin time)."
    )
    assert [e.id for e in insight.evidence.items] == [21, 22]
    assert insight.evidence.total == 40
    assert insight.confidence == Confidence.MEDIUM


def test_room_activity_hours_names_the_busiest_hour_on_the_owners_12_hour_clock() -> None:
    insight = room_activity_hours(_timing(((4, 21, 30), (4, 22, 10), (0, 3, 8))), ClockStyle.H12)
    assert "busiest hour 9 PM, busiest day Friday (Europe/Berlin time)." in insight.summary
    assert insight.facts["peak_hour"] == 21


def test_room_activity_hours_says_varied_when_no_part_of_day_dominates() -> None:
    spread = tuple((day, hour, 5) for day in range(2) for hour in (3, 9, 15, 21))
    insight = room_activity_hours(_timing(spread))
    assert insight.facts["active_hours"] == VARIED
    assert insight.summary.startswith("Active at varied times (40 interactions")


def test_hour_shift_moves_utc_hours_to_berlin_when_it_is_winter() -> None:
    assert hour_shift("UTC", "Europe/Berlin", NOW) == 1
    assert hour_shift("Europe/Berlin", "UTC", NOW + timedelta(days=180)) == -2
    assert hour_shift("Not/AZone", "UTC", NOW) == 0


def test_local_month_reads_the_owners_calendar_when_midnight_has_passed_there() -> None:
    new_year_eve = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert local_month(new_year_eve, "UTC") == "2025-12"
    assert local_month(new_year_eve, "Europe/Berlin") == "2026-01"


def _activity(hourly: tuple[HourTips, ...], zone: str = "UTC") -> StatbateActivity:
    return StatbateActivity(
        snapshot=SnapshotRef(
            evidence=Evidence(type=EvidenceType.SNAPSHOT, id=5, source="statbate_member"),
            captured_at=NOW - timedelta(days=1),
        ),
        timezone=zone,
        hourly=hourly,
        daily=(WeekdayTips(day=5, tips=30, tokens=900), WeekdayTips(day=1, tips=4, tokens=80)),
    )


def test_statbate_activity_hours_says_not_captured_when_there_is_no_activity_payload() -> None:
    insight = statbate_activity_hours(None, "Europe/Berlin", NOW)
    assert insight.summary == (
        "No Statbate activity data captured yet: site-wide tipping hours unknown."
    )
    assert insight.sources == ("Statbate",)


def test_statbate_activity_hours_shifts_utc_buckets_into_the_owners_zone_when_zones_differ() -> (
    None
):
    hourly = (HourTips(hour=22, tips=30, tokens=900), HourTips(hour=8, tips=4, tokens=40))
    insight = statbate_activity_hours(_activity(hourly), "Europe/Berlin", NOW)
    assert insight.facts["peak_hour"] == 23
    assert insight.facts["active_hours"] == "evenings"
    assert insight.facts["peak_day"] == "Saturday"
    assert insight.evidence.items[0].type == EvidenceType.SNAPSHOT


def test_statbate_activity_hours_refuses_to_guess_when_statbate_lists_few_tips() -> None:
    insight = statbate_activity_hours(
        _activity((HourTips(hour=20, tips=3, tokens=30),)), "UTC", NOW
    )
    assert not insight.enough_data
    assert "only 3 tips by hour" in insight.summary
