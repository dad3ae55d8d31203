"""The lookup's pure steps: which usernames to look up, and latest figures with their deltas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.deltas import snapshot_deltas
from mhc.domain.errors import InvalidInput
from mhc.domain.models import Platform, Role, SnapshotSource
from mhc.ports.read_models import PersonBundle, PersonView, RoomStats, SnapshotView
from mhc.services.lookup import (
    MAX_LOOKUP_NAMES,
    LookupRequest,
    profile_from_bundle,
    wanted_usernames,
)

EVENING = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)
names = st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True)


def snapshot(source: SnapshotSource, days: int, metrics: dict[str, object]) -> SnapshotView:
    return SnapshotView(
        id=days,
        person_id=1,
        source=source,
        captured_at=EVENING + timedelta(days=days),
        normalized_metrics=metrics,
    )


def bundle(recent: list[SnapshotView]) -> PersonBundle:
    return PersonBundle(
        person=PersonView(
            id=1,
            username="big_tipper_77",
            platform=Platform.CHATURBATE,
            role=Role.VIEWER,
            rid=None,
            did=None,
            first_seen_at=EVENING,
            last_seen_at=EVENING,
            is_excluded=False,
            aliases=[],
        ),
        recent_snapshots=recent,
        interactions=[],
        room_stats=RoomStats(
            tips_total=0,
            tip_count=0,
            last_tip_at=None,
            messages=0,
            visits=0,
            last_seen_in_room_at=None,
        ),
        notes=[],
        attributes=[],
        watchlists=[],
    )


def test_wanted_usernames_puts_the_typed_name_first_when_a_chat_is_pasted_too() -> None:
    request = LookupRequest(
        username=" @Night_Owl_3 ",
        pasted_text="[21:01] big_tipper_77: hi\n[21:02] night_owl_3: hello",
    )

    assert wanted_usernames(request) == ["night_owl_3", "big_tipper_77"]


def test_wanted_usernames_names_the_pasted_text_when_it_holds_no_username() -> None:
    with pytest.raises(InvalidInput) as raised:
        wanted_usernames(LookupRequest(username="  ", pasted_text="!!! ??? ..."))

    assert raised.value.field == "pasted_text"


def test_wanted_usernames_names_the_username_when_nothing_is_given() -> None:
    with pytest.raises(InvalidInput) as raised:
        wanted_usernames(LookupRequest())

    assert raised.value.field == "username"


def test_wanted_usernames_refuses_when_more_than_the_maximum_is_pasted() -> None:
    pasted = "\n".join(f"viewer_{n}: hi" for n in range(MAX_LOOKUP_NAMES + 1))

    with pytest.raises(InvalidInput, match="at most 100 usernames"):
        wanted_usernames(LookupRequest(pasted_text=pasted))


@given(typed=names, pasted=st.lists(names, min_size=0, max_size=30))
def test_wanted_usernames_are_unique_and_in_first_seen_order_when_names_repeat(
    typed: str, pasted: list[str]
) -> None:
    request = LookupRequest(username=typed, pasted_text=", ".join(pasted) if pasted else None)

    wanted = wanted_usernames(request)

    assert wanted[0] == typed
    assert len(wanted) == len(set(wanted))
    assert set(wanted) <= {typed, *pasted}


def test_snapshot_deltas_compare_the_two_newest_of_each_source_when_grouped() -> None:
    recent = [
        snapshot(SnapshotSource.STATBATE_MEMBER, 7, {"all_time_tokens": 12000, "models": 5}),
        snapshot(SnapshotSource.STATBATE_MEMBER, 0, {"all_time_tokens": 10000, "tips": 50}),
        snapshot(SnapshotSource.CB_STATS, 3, {"num_followers": 1200}),
    ]

    deltas = snapshot_deltas(recent)

    assert [(d.source, d.deltas) for d in deltas] == [
        (
            SnapshotSource.STATBATE_MEMBER,
            {"all_time_tokens": 2000, "tips": None, "models": None},
        ),
        (SnapshotSource.CB_STATS, {"num_followers": None}),
    ]
    assert deltas[0].older_captured_at == EVENING
    assert deltas[1].older_captured_at is None


@given(
    older=st.dictionaries(names, st.integers(-(10**6), 10**6), max_size=5),
    newer=st.dictionaries(names, st.integers(-(10**6), 10**6), max_size=5),
)
def test_snapshot_deltas_cover_every_metric_of_either_side_when_two_exist(
    older: dict[str, int], newer: dict[str, int]
) -> None:
    recent = [
        snapshot(SnapshotSource.MANUAL, 1, dict(newer)),
        snapshot(SnapshotSource.MANUAL, 0, dict(older)),
    ]

    [delta] = snapshot_deltas(recent)

    assert set(delta.deltas) == set(older) | set(newer)
    for key, value in delta.deltas.items():
        both = key in older and key in newer
        assert value == (newer[key] - older[key] if both else None)


def test_profile_keeps_the_newest_snapshot_per_source_and_hides_room_data_when_not_asked() -> None:
    recent = [
        snapshot(SnapshotSource.STATBATE_MODEL, 2, {"rank": 420}),
        snapshot(SnapshotSource.STATBATE_MODEL, 1, {"rank": 500}),
        snapshot(SnapshotSource.MANUAL, 0, {"score": 1}),
    ]

    profile = profile_from_bundle(bundle(recent), with_room_data=False)

    assert [s.normalized_metrics for s in profile.latest_snapshots] == [{"rank": 420}, {"score": 1}]
    assert profile.room_stats is None
    assert profile_from_bundle(bundle(recent), with_room_data=True).room_stats is not None
