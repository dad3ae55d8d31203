from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.deltas import compute_deltas, is_identifier

numbers = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
values = st.one_of(numbers, st.booleans(), st.none(), st.text(max_size=5), st.lists(st.integers()))
keys = st.sampled_from(
    ["all_time_tokens", "tips", "models_tipped_2weeks", "did", "rid", "last_tip_date"]
)
metrics = st.dictionaries(keys, values)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_compute_deltas_matches_the_data_model_example_when_keys_come_and_go() -> None:
    old = {"all_time_tokens": 10000, "tips": 50}
    new = {"all_time_tokens": 12000, "models_tipped_2weeks": 5}
    assert compute_deltas(old, new) == {
        "all_time_tokens": 2000,
        "tips": None,
        "models_tipped_2weeks": None,
    }


def test_compute_deltas_gives_none_when_a_value_is_not_a_number() -> None:
    old = {"last_tip_date": "2026-01-01", "is_fan": False, "did": None, "last_tip_amount": 25}
    new = {"last_tip_date": "2026-01-05", "is_fan": True, "did": 4242, "last_tip_amount": 12.5}
    assert compute_deltas(old, new) == {
        "last_tip_date": None,
        "is_fan": None,
        "did": None,
        "last_tip_amount": -12.5,
    }


def test_compute_deltas_gives_none_when_the_metric_is_an_identifier() -> None:
    old = {"did": 4242, "rid": 77, "all_time_tokens": 10}
    new = {"did": 4245, "rid": 77, "all_time_tokens": 12}
    assert compute_deltas(old, new) == {"did": None, "rid": None, "all_time_tokens": 2}


@given(st.sampled_from(["did", "rid", "id", "member.id", "room_id", "DID"]))
def test_is_identifier_when_the_key_names_an_id(key: str) -> None:
    assert is_identifier(key)


@given(st.sampled_from(["all_time_tokens", "paid", "tips", "models_tipped_2weeks", "valid"]))
def test_is_identifier_is_false_when_the_key_is_a_quantity(key: str) -> None:
    assert not is_identifier(key)


def test_compute_deltas_gives_zero_when_a_number_did_not_change() -> None:
    assert compute_deltas({"num_followers": 812}, {"num_followers": 812}) == {"num_followers": 0}


def test_compute_deltas_is_empty_when_both_snapshots_are_empty() -> None:
    assert compute_deltas({}, {}) == {}


@given(metrics, metrics)
def test_compute_deltas_covers_every_key_when_either_side_has_it(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert set(compute_deltas(old, new)) == set(old) | set(new)


@given(metrics, metrics)
def test_compute_deltas_is_none_exactly_when_a_side_is_missing_or_not_a_number(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    for key, delta in compute_deltas(old, new).items():
        numeric = _is_number(old.get(key)) and _is_number(new.get(key))
        assert (delta is None) == (not numeric or is_identifier(key))
        if numeric and not is_identifier(key):
            assert delta == new[key] - old[key]


@given(metrics, metrics)
def test_compute_deltas_is_antisymmetric_when_both_sides_are_numbers(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    forward, backward = compute_deltas(old, new), compute_deltas(new, old)
    for key, delta in forward.items():
        if delta is None:
            assert backward[key] is None
        else:
            assert backward[key] == -delta
