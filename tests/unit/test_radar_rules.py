from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.models import Attribute, Confidence, EvidenceType, InteractionType, Note, Watchlist
from mhc.domain.radar import (
    BIG_SPENDER_ROOM_TOKENS,
    BIG_SPENDER_STATBATE_TOKENS,
    CARD_NOTES,
    PRESENCE_MAX_AGE,
    CardFacts,
    Highlight,
    RoomEvent,
    build_card,
    cards_wanted,
    presence_window_start,
    present_people,
    with_cards,
)

T0 = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
NAMES = {1: "big_tipper_77", 2: "night_owl_3", 3: "shy_viewer_8", 9: "hudson_cage"}


def highlight(facts: CardFacts) -> tuple[Highlight | None, str | None]:
    """The highlight of the card built from `facts`, and its reason."""
    card = build_card(facts)
    return card.highlight, card.highlight_reason


def event(
    event_id: int, kind: InteractionType, person_id: int = 1, tokens: int | None = None
) -> RoomEvent:
    return RoomEvent(
        id=event_id,
        type=kind,
        occurred_at=T0 + timedelta(minutes=event_id),
        person_id=person_id,
        username=NAMES.get(person_id, f"viewer_{person_id}"),
        content=None,
        tokens=tokens,
        session_id=None,
    )


def facts(
    person_id: int = 1,
    *,
    room_tips: int = 0,
    statbate: int | None = None,
    lists: tuple[str, ...] = (),
    notes: int = 0,
) -> CardFacts:
    return CardFacts(
        person_id=person_id,
        username=NAMES[person_id],
        room_tips_total=room_tips,
        room_tip_count=1 if room_tips else 0,
        last_tip_at=T0 if room_tips else None,
        last_tip_tokens=room_tips or None,
        visits=4,
        statbate_all_time_tokens=statbate,
        statbate_last_tip_date="2026-01-09" if statbate is not None else None,
        statbate_captured_at=T0 if statbate is not None else None,
        watchlists=tuple(
            Watchlist(id=index + 1, name=name, is_system=True, created_at=T0)
            for index, name in enumerate(lists)
        ),
        notes=tuple(
            Note(
                id=n,
                person_id=person_id,
                content=f"note {n}",
                created_at=T0 - timedelta(days=n),
                updated_at=T0 - timedelta(days=n),
            )
            for n in range(notes)
        ),
        tags=(
            Attribute(
                id=1,
                person_id=person_id,
                key="spender_tier",
                value="whale",
                confidence=Confidence.HIGH,
                evidence_type=EvidenceType.MANUAL,
                evidence_id=None,
                created_at=T0,
                updated_at=T0,
            ),
        ),
    )


ENTER, LEAVE, TIP, CHAT = (
    InteractionType.USER_ENTER,
    InteractionType.USER_LEAVE,
    InteractionType.TIP,
    InteractionType.CHAT_MESSAGE,
)
START, STOP = InteractionType.BROADCAST_START, InteractionType.BROADCAST_STOP
UNFOLLOW, FOLLOW = InteractionType.UNFOLLOW, InteractionType.FOLLOW


def present_ids(events: list[RoomEvent]) -> list[int]:
    return [presence.person_id for presence in present_people(events)]


def test_someone_is_present_when_they_entered_and_did_not_leave() -> None:
    events = [event(1, ENTER, 1), event(2, ENTER, 2), event(3, LEAVE, 2), event(4, UNFOLLOW, 3)]

    assert present_ids(events) == [1]
    assert present_people(events)[0].entered_at == T0 + timedelta(minutes=1)


def test_presence_is_newest_arrival_first_when_several_are_in_the_room() -> None:
    events = [event(1, ENTER, 1), event(2, ENTER, 2), event(3, ENTER, 3)]

    assert present_ids(events) == [3, 2, 1]


def test_the_room_empties_when_a_broadcast_starts_or_stops() -> None:
    for reset in (START, STOP):
        events = [event(1, ENTER, 1), event(2, reset, 9), event(3, ENTER, 2)]

        assert present_ids(events) == [2]


def test_entered_at_is_the_last_enter_when_someone_comes_back() -> None:
    events = [event(1, ENTER, 1), event(2, LEAVE, 1), event(5, ENTER, 1)]

    assert present_people(events)[0].entered_at == T0 + timedelta(minutes=5)


def test_chatting_tipping_or_following_makes_someone_present_when_no_enter_came() -> None:
    events = [event(1, CHAT, 1), event(2, TIP, 2, tokens=50), event(3, FOLLOW, 3)]

    assert present_ids(events) == [3, 2, 1]
    assert present_people(events)[-1].entered_at == T0 + timedelta(minutes=1)


def test_present_since_the_first_sign_after_they_last_left_when_they_chat_and_enter() -> None:
    events = [event(1, CHAT, 1), event(2, LEAVE, 1), event(3, CHAT, 1), event(4, ENTER, 1)]

    assert present_people(events)[0].entered_at == T0 + timedelta(minutes=3)


def test_a_leave_takes_someone_out_when_they_only_chatted() -> None:
    assert present_ids([event(1, CHAT, 1), event(2, LEAVE, 1)]) == []


MOVES = st.lists(
    st.tuples(st.sampled_from([ENTER, LEAVE, START, STOP, CHAT, TIP, UNFOLLOW]), st.integers(1, 4)),
    max_size=40,
)


@given(MOVES)
def test_each_persons_first_sign_since_they_last_left_decides_when_events_are_reduced(
    moves: list[tuple[InteractionType, int]],
) -> None:
    # The database hands over only the reset and, for each person in the room, the first sign
    # of them after their last leave (after the reset); the answer must be the full history's.
    events = [event(index + 1, kind, person) for index, (kind, person) in enumerate(moves)]
    resets = [e for e in events if e.type in (START, STOP)]
    after = [e for e in events if not resets or e.id > resets[-1].id]
    arrival: dict[int, RoomEvent] = {}
    for e in after:
        if e.type is LEAVE:
            arrival.pop(e.person_id, None)
        elif e.type in (ENTER, CHAT, TIP):
            arrival.setdefault(e.person_id, e)
    reduced = resets[-1:] + sorted(arrival.values(), key=lambda e: e.id)

    assert present_people(reduced) == present_people(events)
    assert set(present_ids(events)) == set(arrival)


def test_presence_window_is_the_reset_when_it_is_recent() -> None:
    now = T0 + timedelta(hours=1)

    assert presence_window_start(T0, now) == T0
    assert presence_window_start(None, now) == now - PRESENCE_MAX_AGE
    assert presence_window_start(T0 - timedelta(days=3), now) == now - PRESENCE_MAX_AGE


def test_big_spender_is_highlighted_when_statbate_all_time_reaches_the_threshold() -> None:
    kind, reason = highlight(facts(statbate=BIG_SPENDER_STATBATE_TOKENS))

    assert kind is Highlight.BIG_SPENDER
    assert reason == "10,000 tokens tipped all-time on Statbate"
    assert highlight(facts(statbate=BIG_SPENDER_STATBATE_TOKENS - 1)) == (None, None)


def test_big_spender_is_highlighted_when_room_tips_reach_the_threshold() -> None:
    kind, reason = highlight(facts(room_tips=BIG_SPENDER_ROOM_TOKENS))

    assert kind is Highlight.BIG_SPENDER
    assert reason == "1,000 tokens tipped in this room"
    assert highlight(facts(room_tips=BIG_SPENDER_ROOM_TOKENS - 1)) == (None, None)


def test_watchlist_member_is_highlighted_when_they_spend_little() -> None:
    assert highlight(facts(room_tips=20, lists=("Friends", "Ones to Watch"))) == (
        Highlight.WATCHLIST,
        "on Friends, Ones to Watch",
    )


def test_big_spender_wins_and_names_the_list_too_when_both_hold() -> None:
    kind, reason = highlight(facts(statbate=52_000, lists=("Friends",)))

    assert kind is Highlight.BIG_SPENDER
    assert reason == "52,000 tokens tipped all-time on Statbate; on Friends"


def test_card_keeps_the_newest_notes_when_there_are_many() -> None:
    card = build_card(facts(notes=5, room_tips=1_500))

    assert [note.content for note in card.notes] == [f"note {n}" for n in range(CARD_NOTES)]
    assert card.highlight is Highlight.BIG_SPENDER
    assert card.tags[0].value == "whale"


def test_every_enter_but_only_a_first_sign_of_someone_carries_a_card_when_events_flow() -> None:
    events = [
        event(1, TIP, 1, tokens=25),
        event(2, TIP, 1, tokens=50),
        event(3, ENTER, 1),
        event(4, TIP, 2, tokens=10),
        event(5, CHAT, 3),
        event(6, CHAT, 3),
        event(7, UNFOLLOW, 4),
    ]
    carded: set[int] = set()
    cards = {1: build_card(facts(1)), 2: build_card(facts(2)), 3: build_card(facts(3))}

    assert cards_wanted(events, carded) == {1, 2, 3}
    shown = with_cards(events, cards, carded)

    assert [e.card is not None for e in shown] == [True, False, True, True, True, False, False]
    assert carded == {1, 2, 3}
    assert with_cards([event(8, TIP, 2, tokens=5)], cards, carded)[0].card is None


def test_the_owner_never_gets_a_card_when_they_chat_in_their_room() -> None:
    carded: set[int] = set()
    owner_chat = event(1, CHAT, 9)

    assert cards_wanted([owner_chat], carded, owner="hudson_cage") == set()
    assert with_cards([owner_chat], {}, carded, owner="hudson_cage")[0].card is None


def test_card_is_left_off_when_it_could_not_be_read() -> None:
    carded: set[int] = set()

    shown = with_cards([event(1, ENTER, 3)], {}, carded)

    assert shown[0].card is None
    assert carded == set()
