from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.analysis import confidence
from mhc.domain.analysis.models import (
    EVIDENCE_CAP,
    Evidence,
    evidence_set,
    source_label,
    source_labels,
)
from mhc.domain.models import Confidence, EvidenceType

ORDER = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
confidences = st.sampled_from(ORDER)


def _tip(evidence_id: int) -> Evidence:
    return Evidence(type=EvidenceType.INTERACTION, id=evidence_id, source="cb_events")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, Confidence.LOW),
        (4, Confidence.LOW),
        (5, Confidence.MEDIUM),
        (19, Confidence.MEDIUM),
        (20, Confidence.HIGH),
        (10_000, Confidence.HIGH),
    ],
)
def test_by_volume_steps_up_at_the_thresholds_when_counting_tips(
    count: int, expected: Confidence
) -> None:
    assert confidence.by_volume(count, medium_at=5, high_at=20) == expected


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=0, max_value=50),
)
def test_by_volume_never_drops_when_more_data_backs_it(
    count: int, extra: int, medium_at: int, gap: int
) -> None:
    high_at = medium_at + gap
    fewer = confidence.by_volume(count, medium_at=medium_at, high_at=high_at)
    more = confidence.by_volume(count + extra, medium_at=medium_at, high_at=high_at)
    assert ORDER.index(more) >= ORDER.index(fewer)


def test_by_volume_refuses_thresholds_when_they_are_out_of_order() -> None:
    with pytest.raises(ValueError, match="medium_at <= high_at"):
        confidence.by_volume(3, medium_at=10, high_at=5)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(hours=1), Confidence.HIGH),
        (timedelta(days=8), Confidence.MEDIUM),
        (timedelta(days=45), Confidence.LOW),
    ],
)
def test_by_age_trusts_a_snapshot_less_when_it_gets_older(
    age: timedelta, expected: Confidence
) -> None:
    assert confidence.by_age(age) == expected


@given(st.lists(confidences, min_size=1, max_size=5))
def test_weakest_is_the_lowest_input_when_combining(levels: list[Confidence]) -> None:
    low = confidence.weakest(*levels)
    assert low in levels
    assert all(ORDER.index(low) <= ORDER.index(c) for c in levels)


@given(st.lists(st.integers(min_value=1, max_value=500), max_size=60), st.integers(0, 1000))
def test_evidence_set_caps_the_list_but_keeps_the_count_when_there_is_a_lot(
    ids: list[int], total: int
) -> None:
    evidence = evidence_set([_tip(i) for i in ids], total)
    assert len(evidence.items) <= EVIDENCE_CAP
    assert len(set(evidence.items)) == len(evidence.items)
    assert evidence.total >= len(set(ids))
    assert evidence.total >= total


def test_source_labels_name_the_services_when_given_stored_sources() -> None:
    assert source_label("cb_events") == "Chaturbate Events"
    assert source_label("statbate_member") == "Statbate"
    assert source_labels(["statbate_plus", "cb_events", "statbate_member"]) == (
        "Statbate",
        "Chaturbate Events",
    )
