"""Snapshot normalisation of Statbate and Chaturbate Stats payloads."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.normalizers import (
    normalize_cb_stats,
    normalize_statbate_member,
    normalize_statbate_model,
)

MEMBER_KEYS = {
    "did",
    "all_time_tokens",
    "first_tip_date",
    "last_tip_date",
    "last_tip_amount",
    "models_tipped_2weeks",
    "models_messaged_2weeks",
}
MODEL_KEYS = {
    "rid",
    "rank",
    "sessions_count",
    "sessions_total_duration",
    "sessions_average_duration",
    "income_tokens",
    "income_usd",
    "gender",
    "tags",
}
CB_STATS_KEYS = {
    "token_balance",
    "num_followers",
    "tips_in_last_hour",
    "time_online_minutes",
    "num_viewers",
    "num_registered_viewers",
    "num_tokened_viewers",
    "votes_up",
    "votes_down",
    "satisfaction_score",
    "last_broadcast",
}

BIG_TIPPER_INFO = {
    "data": {
        "name": "big_tipper_77",
        "did": 4411,
        "first_message_date": "2025-02-01T20:00:00+00:00",
        "first_tip_date": "2025-02-03T21:15:00+00:00",
        "last_tip_date": "2026-01-04T22:40:00+00:00",
        "last_tip_amount": 500,
        "models_messaged_2weeks": 3,
        "models_messaged_2weeks_list": ["hudson_cage", "luna_skye", "ruby_rae"],
        "models_tipped_2weeks": 2,
        "models_tipped_2weeks_list": ["hudson_cage", "luna_skye"],
        "per_day_tokens": [{"date": "2026-01-04", "tokens": 700}],
        "all_time_tokens": 12000,
    },
    "meta": {"site": "chaturbate", "timezone": "UTC"},
}

HUDSON_STATS = {
    "username": "hudson_cage",
    "token_balance": 5423,
    "tips_in_last_hour": 21,
    "votes_up": 1935,
    "votes_down": 16,
    "satisfaction_score": 99,
    "last_broadcast": "2026-01-01T20:00:41",
    "time_online": 37,
    "num_followers": 2846,
    "num_viewers": 10,
    "num_registered_viewers": 8,
    "num_tokened_viewers": 7,
}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def payloads(keys: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose keys are mostly the ones a normaliser looks at, with any JSON values."""
    key = st.sampled_from(sorted(keys | {"data", "sessions", "income", "time_online", "x"}))
    return st.dictionaries(key, json_values | st.just(-1) | st.just("-1"), max_size=10)


def test_member_keeps_the_seven_metrics_when_statbate_answers_in_full() -> None:
    assert normalize_statbate_member(BIG_TIPPER_INFO) == {
        "did": 4411,
        "all_time_tokens": 12000,
        "first_tip_date": "2025-02-03T21:15:00+00:00",
        "last_tip_date": "2026-01-04T22:40:00+00:00",
        "last_tip_amount": 500,
        "models_tipped_2weeks": 2,
        "models_messaged_2weeks": 3,
    }


def test_member_reads_a_batch_item_the_same_as_a_whole_answer_when_unwrapped() -> None:
    item = {**BIG_TIPPER_INFO["data"], "error": None}
    assert normalize_statbate_member(item) == normalize_statbate_member(BIG_TIPPER_INFO)


def test_member_leaves_metrics_out_when_the_batch_item_says_not_found() -> None:
    assert normalize_statbate_member({"name": "quiet_owl_12", "error": "Member not found"}) == {}


def test_member_reads_numeric_strings_and_drops_nulls_when_values_are_loose() -> None:
    raw = {"data": {"did": "4411", "all_time_tokens": "12000.5", "last_tip_date": None}}
    assert normalize_statbate_member(raw) == {"did": 4411, "all_time_tokens": 12000.5}


def test_member_never_takes_a_boolean_for_a_number_when_a_field_is_true() -> None:
    assert normalize_statbate_member({"data": {"all_time_tokens": True}}) == {}


def test_model_flattens_sessions_income_and_tags_when_statbate_answers_in_full() -> None:
    raw = {
        "data": {
            "name": "hudson_cage",
            "rid": 879859,
            "gender": 0,
            "rank": 2654,
            "sessions": {"count": 21, "total_duration": 162280, "average_duration": 7727},
            "income": {"tokens": 331011, "usd": 16550.55},
            "tags": [{"name": "muscle", "category": "body"}, {"name": " talk "}, {"x": 1}],
        }
    }
    assert normalize_statbate_model(raw) == {
        "rid": 879859,
        "rank": 2654,
        "sessions_count": 21,
        "sessions_total_duration": 162280,
        "sessions_average_duration": 7727,
        "income_tokens": 331011,
        "income_usd": 16550.55,
        "gender": 0,
        "tags": ["muscle", "talk"],
    }


def test_model_keeps_the_raw_gender_code_when_it_is_text() -> None:
    assert normalize_statbate_model({"data": {"gender": "f"}}) == {"gender": "f"}


def test_cb_stats_renames_time_online_and_keeps_every_number_when_broadcasting() -> None:
    assert normalize_cb_stats(HUDSON_STATS) == {
        "token_balance": 5423,
        "num_followers": 2846,
        "tips_in_last_hour": 21,
        "time_online_minutes": 37,
        "num_viewers": 10,
        "num_registered_viewers": 8,
        "num_tokened_viewers": 7,
        "votes_up": 1935,
        "votes_down": 16,
        "satisfaction_score": 99,
        # Sent without an offset and read as UTC: an instant with its offset from here on.
        "last_broadcast": "2026-01-01T20:00:41+00:00",
    }


def test_cb_stats_drops_sentinels_when_offline_and_never_broadcast() -> None:
    raw = {**HUDSON_STATS, "time_online": -1, "last_broadcast": -1}
    metrics = normalize_cb_stats(raw)
    assert "time_online_minutes" not in metrics
    assert "last_broadcast" not in metrics
    assert metrics["token_balance"] == 5423


def test_cb_stats_drops_sentinels_when_they_come_as_text() -> None:
    metrics = normalize_cb_stats({"time_online": "-1", "last_broadcast": "-1", "votes_up": "-1"})
    assert metrics == {}


@given(payloads(MEMBER_KEYS))
def test_member_output_holds_only_known_metrics_when_input_is_anything(raw: dict[str, Any]) -> None:
    metrics = normalize_statbate_member(raw)
    assert set(metrics) <= MEMBER_KEYS
    for key, value in metrics.items():
        if key.endswith("_date"):
            assert isinstance(value, str)
            assert value.strip() == value
            assert value
        else:
            assert isinstance(value, int | float)
            assert not isinstance(value, bool)
            assert math.isfinite(value)


@given(payloads(MODEL_KEYS))
def test_model_output_holds_only_known_metrics_when_input_is_anything(raw: dict[str, Any]) -> None:
    metrics = normalize_statbate_model(raw)
    assert set(metrics) <= MODEL_KEYS
    assert all(isinstance(tag, str) and tag for tag in metrics.get("tags", []))


@given(payloads(CB_STATS_KEYS))
def test_cb_stats_never_keeps_a_sentinel_when_input_is_anything(raw: dict[str, Any]) -> None:
    metrics = normalize_cb_stats(raw)
    assert set(metrics) <= CB_STATS_KEYS
    assert -1 not in metrics.values()
    assert "-1" not in metrics.values()
    for key, value in metrics.items():
        if key != "last_broadcast":
            assert isinstance(value, int | float)
            assert not isinstance(value, bool)
            assert math.isfinite(value)


@given(st.integers(min_value=0, max_value=10**9))
def test_cb_stats_keeps_a_count_exactly_when_it_is_a_real_number(followers: int) -> None:
    assert normalize_cb_stats({"num_followers": followers}) == {"num_followers": followers}
    assert normalize_cb_stats({"num_followers": str(followers)}) == {"num_followers": followers}


def test_cb_stats_reads_a_last_broadcast_without_offset_as_utc() -> None:
    metrics = normalize_cb_stats({"last_broadcast": "2026-01-01T20:00:41"})
    assert metrics == {"last_broadcast": "2026-01-01T20:00:41+00:00"}


def test_cb_stats_keeps_the_offset_of_a_last_broadcast_that_has_one() -> None:
    metrics = normalize_cb_stats({"last_broadcast": "2026-01-01T15:00:41-05:00"})
    assert metrics == {"last_broadcast": "2026-01-01T15:00:41-05:00"}


def test_cb_stats_keeps_a_last_broadcast_that_is_no_time_as_it_came() -> None:
    assert normalize_cb_stats({"last_broadcast": "soon"}) == {"last_broadcast": "soon"}
