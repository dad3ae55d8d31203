"""Alert rules (domain.alerts): what matches, when an alert is due again, what a rule may hold,
and the phone message; Chaturbate's flags and the look-up rules they lean on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.alerts import (
    MAX_EVENT_AGE,
    AlertKind,
    AlertRule,
    Arrival,
    LastAlert,
    RuleChange,
    RuleParams,
    check_change,
    check_params,
    is_due,
    push_message,
    reason,
)
from mhc.domain.errors import InvalidInput
from mhc.domain.lookups import is_not_found, retry_delay
from mhc.domain.radar import PRESENCE_MAX_AGE
from mhc.domain.viewer_flags import flags_from_user, tips_at_least

T0 = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
FRIENDS, WATCH = 1, 3


def rule(kind: AlertKind, *, once: bool = True, cooldown: int = 60, **params: object) -> AlertRule:
    return AlertRule(
        id=7,
        kind=kind,
        name=f"rule {kind}",
        enabled=True,
        params=RuleParams(**params),  # type: ignore[arg-type]
        once_per_show=once,
        cooldown_minutes=cooldown,
        muted_until=None,
        created_at=T0,
        updated_at=T0,
    )


def arrival(**changes: object) -> Arrival:
    fields: dict[str, object] = {
        "interaction_id": 40,
        "person_id": 5,
        "username": "big_tipper_77",
        "event_type": "USER_ENTER",
        "occurred_at": T0,
        "session_id": 11,
        "arrived": True,
        "first_visit": False,
        "watchlists": ((FRIENDS, "Friends"), (9, "Regulars")),
        "statbate_all_time_tokens": 52_000,
        "recent_tips": "tons",
        "latest_note": "Tips big on Fridays",
    }
    fields.update(changes)
    return Arrival(**fields)  # type: ignore[arg-type]


def test_a_watchlist_rule_names_the_lists_when_a_member_enters() -> None:
    watched = rule(AlertKind.WATCHLIST_ENTERS, watchlist_ids=(FRIENDS, WATCH))

    assert reason(watched, arrival()) == "entered; on Friends"
    assert reason(watched, arrival(arrived=False)) is None
    assert reason(watched, arrival(watchlists=((9, "Regulars"),))) is None


def test_a_big_spender_rule_needs_the_statbate_total_when_someone_enters() -> None:
    spender = rule(AlertKind.BIG_SPENDER_ENTERS, min_tokens=10_000)

    assert reason(spender, arrival()) == "entered; 52,000 tokens tipped all-time on Statbate"
    assert reason(spender, arrival(statbate_all_time_tokens=9_999)) is None
    assert reason(spender, arrival(statbate_all_time_tokens=None)) is None


def test_a_recent_tips_rule_fires_on_any_sign_when_the_level_is_listed() -> None:
    lately = rule(AlertKind.RECENT_TIPS, levels=("lots", "tons"))

    assert reason(lately, arrival(arrived=False, event_type="CHAT_MESSAGE")) == (
        "in the room; Chaturbate says they tipped tons lately"
    )
    assert reason(lately, arrival(recent_tips="some")) is None


def test_a_first_visit_tip_rule_needs_a_first_visit_and_the_amount_when_they_tip() -> None:
    first = rule(AlertKind.FIRST_VISIT_TIP, min_tokens=100)
    tip = arrival(event_type="TIP", tokens=150, first_visit=True, arrived=False)

    assert reason(first, tip) == "first visit, tipped 150 tokens"
    assert reason(first, arrival(event_type="TIP", tokens=99, first_visit=True)) is None
    assert reason(first, arrival(event_type="TIP", tokens=500, first_visit=False)) is None
    assert reason(first, arrival(first_visit=True)) is None


def test_a_note_rule_quotes_the_latest_note_shortly_when_a_noted_person_enters() -> None:
    noted = rule(AlertKind.NOTED_ENTERS)

    assert reason(noted, arrival()) == "entered; your note: Tips big on Fridays"
    long = reason(noted, arrival(latest_note="word " * 40))
    assert long is not None
    assert long.endswith("…")
    assert len(long) < 110
    assert reason(noted, arrival(latest_note=None)) is None


def test_once_per_show_means_once_per_live_session_when_alerts_come_again() -> None:
    watched = rule(AlertKind.WATCHLIST_ENTERS, watchlist_ids=(FRIENDS,))
    same_show = LastAlert(fired_at=T0 - timedelta(hours=2), session_id=11)
    earlier_show = LastAlert(fired_at=T0 - timedelta(minutes=5), session_id=10)

    assert is_due(watched, None, arrival(), T0)
    assert not is_due(watched, same_show, arrival(), T0)
    assert is_due(watched, earlier_show, arrival(), T0)
    no_session = arrival(session_id=None)
    assert not is_due(watched, LastAlert(fired_at=T0, session_id=None), no_session, T0)
    later = T0 + PRESENCE_MAX_AGE
    back_later = arrival(session_id=None, occurred_at=later)
    assert is_due(watched, LastAlert(fired_at=T0, session_id=None), back_later, later)


def test_a_cooldown_lets_the_rule_fire_again_when_it_has_passed() -> None:
    cooled = rule(AlertKind.RECENT_TIPS, once=False, cooldown=30, levels=("tons",))
    last = LastAlert(fired_at=T0 - timedelta(minutes=20), session_id=11)

    assert not is_due(cooled, last, arrival(), T0)
    later = T0 + timedelta(minutes=10)
    assert is_due(cooled, last, arrival(occurred_at=later), later)


def test_nothing_is_due_when_muted_disabled_or_the_event_is_old() -> None:
    watched = rule(AlertKind.WATCHLIST_ENTERS, watchlist_ids=(FRIENDS,))
    muted = msgspec.structs.replace(watched, muted_until=T0 + timedelta(minutes=5))
    disabled = msgspec.structs.replace(watched, enabled=False)

    assert not is_due(muted, None, arrival(), T0)
    assert not is_due(watched, None, arrival(), T0, muted_until=T0 + timedelta(seconds=1))
    assert is_due(watched, None, arrival(), T0, muted_until=T0 - timedelta(seconds=1))
    assert not is_due(disabled, None, arrival(), T0)
    assert not is_due(watched, None, arrival(occurred_at=T0 - MAX_EVENT_AGE * 2), T0)


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        (AlertKind.WATCHLIST_ENTERS, RuleParams()),
        (AlertKind.WATCHLIST_ENTERS, RuleParams(watchlist_ids=(FRIENDS, 404))),
        (AlertKind.BIG_SPENDER_ENTERS, RuleParams()),
        (AlertKind.FIRST_VISIT_TIP, RuleParams(min_tokens=0)),
        (AlertKind.RECENT_TIPS, RuleParams()),
        (AlertKind.RECENT_TIPS, RuleParams(levels=("lots", "loads"))),
    ],
)
def test_params_that_do_not_suit_the_kind_are_refused_naming_params(
    kind: AlertKind, params: RuleParams
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_params(kind, params, known_watchlists={FRIENDS, WATCH})

    assert refused.value.field == "params"


def test_params_that_suit_the_kind_pass_when_checked() -> None:
    check_params(AlertKind.WATCHLIST_ENTERS, RuleParams(watchlist_ids=(WATCH,)), {FRIENDS, WATCH})
    check_params(AlertKind.FIRST_VISIT_TIP, RuleParams(min_tokens=100), set())
    check_params(AlertKind.RECENT_TIPS, RuleParams(levels=("tons",)), set())
    check_params(AlertKind.NOTED_ENTERS, RuleParams(), set())


@given(st.text(max_size=30), st.integers(-5, 20_000))
def test_a_change_is_refused_naming_its_field_when_a_value_is_out_of_bounds(
    name: str, minutes: int
) -> None:
    change = RuleChange(name=name, cooldown_minutes=minutes)
    if name.strip() and 1 <= minutes <= 10_080:
        check_change(change)
        return
    with pytest.raises(InvalidInput) as refused:
        check_change(change)
    assert refused.value.field in ("name", "cooldown_minutes")


def test_the_phone_message_names_who_and_why_and_links_to_them_when_the_panel_has_an_address() -> (
    None
):
    message = push_message(
        username="big_tipper_77",
        rule_name="A friend enters",
        why="entered; on Friends",
        at=T0,
        person_id=5,
        public_url="https://panel.example/",
    )

    assert message.title == "big_tipper_77: A friend enters"
    assert message.message == "entered; on Friends"
    assert message.url == "https://panel.example/person/5"
    no_link = push_message(
        username=None, rule_name="Test alert", why="hello", at=T0, person_id=None, public_url=None
    )
    assert (no_link.title, no_link.url, no_link.url_title) == ("Test alert", None, None)


def test_flags_are_read_from_the_stored_user_object_when_some_are_odd() -> None:
    flags = flags_from_user(
        {"inFanclub": True, "isMod": "yes", "recentTips": "lots", "gender": "m"}, T0
    )

    assert flags is not None
    assert (flags.in_fanclub, flags.is_mod, flags.recent_tips, flags.gender) == (
        True,
        None,
        "lots",
        "m",
    )
    assert flags_from_user({"username": "x"}, T0) is None
    assert flags_from_user("not a user", T0) is None


def test_recent_tips_levels_compare_on_chaturbates_scale_when_known() -> None:
    assert tips_at_least("tons", "lots")
    assert tips_at_least("lots", "lots")
    assert not tips_at_least("some", "lots")
    assert not tips_at_least("loads", "lots")
    assert not tips_at_least(None, "lots")


def test_failed_look_ups_wait_longer_each_time_and_a_refused_token_longest() -> None:
    delays = [retry_delay(attempts) for attempts in range(1, 9)]

    assert delays == sorted(delays)
    assert delays[-1] == delays[-2]
    assert retry_delay(1, refused=True) > delays[-1]
    assert is_not_found("Member not found")
    assert not is_not_found("rate limited")
    assert not is_not_found(None)
