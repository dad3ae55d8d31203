"""What a parsed paste becomes when saved: who each message is attached to, its key, and what
is left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mhc.domain.chatlog import PasteKind, parse_chat_log
from mhc.domain.chatlog.saving import plan_paste
from mhc.domain.chatlog.timing import ShowSpan
from mhc.domain.models import InteractionType

OWNER = "hudson_cage"
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SHOW = ShowSpan(
    id=7,
    started_at=datetime(2026, 12, 1, 21, 0, tzinfo=UTC),
    ended_at=datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
)
ANCHOR = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)


def plan(text: str, kind: PasteKind = PasteKind.PUBLIC, **options: object):  # type: ignore[no-untyped-def]
    log = parse_chat_log(text, owner=OWNER, kind=kind)
    return plan_paste(
        log,
        owner=OWNER,
        instants=[None] * len(log.messages),
        anchor=ANCHOR,
        anchor_show=SHOW,
        shows=[SHOW],
        now=NOW,
        is_excluded=lambda name: name == "smk_lover",
        **options,  # type: ignore[arg-type]
    )


def test_owners_pm_lines_go_to_the_other_party_before_or_after_them() -> None:
    planned = plan(
        "hudson_cage: hi there\nvelvet_fox_93: hey!\nhudson_cage: how are you\n"
        "lazy_wolf_39: me too\nhudson_cage: hi wolf",
        PasteKind.PM,
    )

    assert [(m.person, m.from_owner) for m in planned.messages] == [
        ("velvet_fox_93", True),
        ("velvet_fox_93", False),
        ("velvet_fox_93", True),
        ("lazy_wolf_39", False),
        ("lazy_wolf_39", True),
    ]
    assert {m.type for m in planned.messages} == {InteractionType.PRIVATE_MESSAGE}


def test_owners_lines_with_nobody_to_go_to_are_counted_not_stored() -> None:
    planned = plan("hudson_cage: anyone there?", PasteKind.DM)

    assert planned.messages == ()
    assert planned.orphans == 1


def test_a_named_counterpart_takes_every_owner_line() -> None:
    planned = plan(
        "hudson_cage: hi\nlazy_wolf_39: hello", PasteKind.DM, counterpart="velvet_fox_93"
    )

    assert [m.person for m in planned.messages] == ["velvet_fox_93", "lazy_wolf_39"]
    assert planned.messages[0].session_id is None


def test_owners_public_lines_stay_the_owners_and_lines_without_time_take_the_anchor() -> None:
    planned = plan("hudson_cage: welcome!\nlazy_wolf_39: hi")

    assert [m.person for m in planned.messages] == [OWNER, "lazy_wolf_39"]
    assert {(m.occurred_at, m.time_known, m.session_id) for m in planned.messages} == {
        (ANCHOR, False, SHOW.id)
    }


def test_keys_are_stable_and_tell_repeated_lines_apart() -> None:
    text = "lazy_wolf_39: lol\nlazy_wolf_39: lol\nlazy_wolf_39 tipped 5 tokens"

    first, second = plan(text), plan(text)

    keys = [m.key for m in first.messages]
    assert keys == [m.key for m in second.messages]
    assert len(set(keys)) == 3


def test_excluded_speakers_are_left_out_and_named() -> None:
    planned = plan("smk_lover: hey\nlazy_wolf_39: hi\nsmk_lover: again")

    assert [m.person for m in planned.messages] == ["lazy_wolf_39"]
    assert planned.excluded == ("smk_lover",)


def test_tip_menu_belongs_to_the_room_named_else_the_owner() -> None:
    own = plan("Notice: ⭐ Flex (35)")
    other = plan("Broadcaster cam_star_5 has joined the room.\nNotice: ⭐ Flex (35)")
    picked = plan("Notice: ⭐ Flex (35)", room="cam_star_5")

    assert own.menu is not None
    assert other.menu is not None
    assert picked.menu is not None
    assert (own.menu.model, other.menu.model, picked.menu.model) == (
        OWNER,
        "cam_star_5",
        "cam_star_5",
    )
    assert own.menu.seen_at == ANCHOR
    assert own.menu.key != picked.menu.key


def test_a_message_in_a_show_gets_that_show_and_one_outside_none() -> None:
    log = parse_chat_log("lazy_wolf_39: early\nlazy_wolf_39: during", owner=OWNER)
    instants = [SHOW.started_at - timedelta(hours=2), SHOW.started_at + timedelta(hours=1)]

    planned = plan_paste(
        log,
        owner=OWNER,
        instants=instants,
        anchor=ANCHOR,
        anchor_show=SHOW,
        shows=[SHOW],
        now=NOW,
        is_excluded=lambda name: False,
    )

    assert [m.session_id for m in planned.messages] == [None, SHOW.id]
