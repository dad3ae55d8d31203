"""Pasted chat over HTTP on the real database: parse, preview, save, the person's threads, PMs
and DMs entered by hand, and what bad input gets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from tests.fakes import ManualClock
from tests.integration.http_app import Api, add_interaction, add_person, open_api

from mhc.domain.models import InteractionType, Role

SHOW_START = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
AFTER_SHOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

PM_LOG = """\
Timestamp: [21:42:31] | Username: [velvet_fox_93] | Message: [hey, got a minute?] | isBroadcaster: [false]
Timestamp: [21:42:40] | Username: [hudson_cage] | Message: [sure, what's up] | isBroadcaster: [true]
Timestamp: [21:43:10] | Username: [velvet_fox_93] | Message: [loved the show | see you friday] | isBroadcaster: [false]
Timestamp: [21:43:29] | Username: [hudson_cage] | Message: [see you then :)] | isBroadcaster: [true]
"""  # noqa: E501

SHOW_LOG = """\
Notice: ⭐ Flex (35)
Notice: ⭐ Spin around (50)
velvet_fox_93: hey hudson
lazy_wolf_39 |100| nice shirt
shy_owl_87 tipped 25 tokens - for the shirt
midnight_falcon_94 has joined the room.
hudson_cage: thanks everyone!
"""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(SHOW_START)


@pytest.fixture
async def api(database_url: str, clock: ManualClock) -> AsyncIterator[Api]:
    async with open_api(database_url, clock=clock) as opened:
        yield opened


async def run_show(api: Api, clock: ManualClock, hours: float = 2.5) -> int:
    """A show of the owner's room from SHOW_START, ended; its session id."""
    clock.set(SHOW_START)
    started = (await api.post("/api/session/start")).json()
    clock.advance(hours=hours)
    await api.post("/api/session/end", json={"sessionId": started["id"]})
    clock.set(AFTER_SHOW)
    return int(started["id"])


async def person_id(api: Api, username: str) -> int:
    page = (await api.get("/api/people", params={"q": username})).json()
    [person] = [p for p in page["items"] if p["username"] == username]
    return int(person["id"])


async def test_parse_lists_messages_tips_menu_and_names_and_stores_nothing(api: Api) -> None:
    answer = await api.post("/api/paste/parse", json={"text": SHOW_LOG})

    assert answer.status_code == 200
    body = answer.json()
    assert [(m["speaker"], m["kind"]) for m in body["messages"]] == [
        ("velvet_fox_93", "public"),
        ("lazy_wolf_39", "public"),
        ("shy_owl_87", "tip"),
        ("hudson_cage", "public"),
    ]
    assert body["messages"][3]["fromOwner"] is True
    assert [(t["speaker"], t["tokens"], t["note"]) for t in body["tips"]] == [
        ("shy_owl_87", 25, "for the shirt")
    ]
    assert [(i["item"], i["price"]) for i in body["tipMenu"]] == [("Flex", 35), ("Spin around", 50)]
    assert [n["username"] for n in body["names"]] == ["velvet_fox_93", "lazy_wolf_39", "shy_owl_87"]
    assert body["noise"] == 1
    assert (await api.get("/api/people")).json()["total"] == 0


async def test_pm_paste_is_previewed_saved_shown_as_a_thread_and_saved_once(
    api: Api, clock: ManualClock
) -> None:
    session_id = await run_show(api, clock)
    request = {"text": PM_LOG, "kind": "pm", "timeZone": "UTC"}

    preview = (await api.post("/api/paste/preview", json=request)).json()

    assert (preview["messages"], preview["tips"], preview["tipMenuItems"]) == (4, 0, 0)
    assert (preview["new"], preview["stored"], preview["recorded"]) == (4, 0, 0)
    assert preview["day"] == "2026-12-01"
    assert preview["sessionId"] == session_id
    assert preview["people"] == [
        {
            "username": "velvet_fox_93",
            "personId": None,
            "isNew": True,
            "messages": 4,
            "tips": 0,
            "newMessages": 4,
        }
    ]
    assert [(line["person"], line["fromOwner"]) for line in preview["sample"]] == [
        ("velvet_fox_93", False),
        ("velvet_fox_93", True),
    ] * 2
    assert (await api.get("/api/people")).json()["total"] == 0

    saved = await api.post("/api/paste/save", json=request)

    assert saved.status_code == 200
    assert saved.json()["stored"] == 4
    assert saved.json()["created"] == ["velvet_fox_93"]
    fox = await person_id(api, "velvet_fox_93")
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert [(m["content"], m["fromOwner"]) for m in threads["pm"]] == [
        ("hey, got a minute?", False),
        ("sure, what's up", True),
        ("loved the show | see you friday", False),
        ("see you then :)", True),
    ]
    assert threads["pm"][0]["occurredAt"] == "2026-12-01T21:42:31Z"
    assert {m["sessionId"] for m in threads["pm"]} == {session_id}
    assert {m["source"] for m in threads["pm"]} == {"paste"}
    assert threads["totals"] == {"pm": 4, "dm": 0, "public": 0, "tips": 0}
    person = (await api.get(f"/api/person/{fox}")).json()["person"]
    assert person["lastSeenAt"] == "2026-12-01T21:43:29Z"

    again = (await api.post("/api/paste/save", json=request)).json()

    assert (again["stored"], again["alreadyStored"], again["created"]) == (0, 4, [])
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert threads["totals"]["pm"] == 4
    preview = (await api.post("/api/paste/preview", json=request)).json()
    assert (preview["new"], preview["stored"]) == (0, 4)
    assert preview["people"][0]["isNew"] is False


async def test_saving_leaves_out_what_the_events_api_recorded_within_two_minutes(
    api: Api, clock: ManualClock
) -> None:
    await run_show(api, clock)
    fox = add_person(api, "velvet_fox_93", Role.VIEWER)
    add_interaction(
        api,
        fox,
        InteractionType.PRIVATE_MESSAGE,
        datetime(2026, 12, 1, 21, 43, 50, tzinfo=UTC),
        content="loved the show | see you friday",
    )

    saved = (
        await api.post("/api/paste/save", json={"text": PM_LOG, "kind": "pm", "timeZone": "UTC"})
    ).json()

    assert (saved["stored"], saved["recorded"]) == (3, 1)
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert [m["source"] for m in threads["pm"]] == ["paste", "paste", "paste", "cb_events"]


async def test_show_paste_without_times_goes_in_the_latest_show_with_its_tip_menu(
    api: Api, clock: ManualClock
) -> None:
    session_id = await run_show(api, clock)

    preview = (await api.post("/api/paste/preview", json={"text": SHOW_LOG})).json()
    saved = (await api.post("/api/paste/save", json={"text": SHOW_LOG})).json()

    assert (preview["messages"], preview["tips"], preview["tipMenuItems"]) == (3, 1, 2)
    assert preview["timed"] is False
    assert preview["sessionId"] == session_id
    assert preview["tipMenuModel"] == "hudson_cage"
    assert saved["stored"] == 4
    assert saved["tipMenuStored"] is True
    assert sorted(saved["created"]) == [
        "hudson_cage",
        "lazy_wolf_39",
        "shy_owl_87",
        "velvet_fox_93",
    ]
    owl = await person_id(api, "shy_owl_87")
    threads = (await api.get(f"/api/person/{owl}/communications")).json()
    [tip] = threads["tips"]
    assert (tip["tokens"], tip["content"], tip["sessionId"]) == (25, "for the shirt", session_id)
    # The show ended at 23:30: lines without a time are put at its end.
    assert tip["occurredAt"] == "2026-12-01T23:30:00Z"
    owner = await person_id(api, "hudson_cage")
    menu = (await api.get(f"/api/person/{owner}/communications")).json()["tipMenu"]
    assert [(i["item"], i["price"]) for i in menu["items"]] == [("Flex", 35), ("Spin around", 50)]
    again = (await api.post("/api/paste/save", json={"text": SHOW_LOG})).json()
    assert (again["stored"], again["tipMenuStored"]) == (0, False)


async def test_dm_paste_is_never_put_in_a_show(api: Api, clock: ManualClock) -> None:
    await run_show(api, clock)
    dms = "velvet_fox_93: will you stream on saturday?\nhudson_cage: yes, 9pm as usual"

    saved = (
        await api.post("/api/paste/save", json={"text": dms, "kind": "dm", "day": "2026-12-01"})
    ).json()

    assert saved["sessionId"] is None
    fox = await person_id(api, "velvet_fox_93")
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert [(m["content"], m["fromOwner"], m["sessionId"]) for m in threads["dm"]] == [
        ("will you stream on saturday?", False, None),
        ("yes, 9pm as usual", True, None),
    ]
    assert threads["pm"] == []


async def test_owner_records_a_pm_by_hand_and_sees_it_in_the_thread(
    api: Api, clock: ManualClock
) -> None:
    fox = add_person(api, "velvet_fox_93", Role.VIEWER)

    mine = await api.post(
        f"/api/person/{fox}/messages",
        json={"thread": "pm", "fromOwner": True, "text": "  thanks for the tip!  "},
    )
    theirs = await api.post(
        f"/api/person/{fox}/messages",
        json={
            "thread": "dm",
            "fromOwner": False,
            "text": "see you saturday",
            "occurredAt": "2026-12-01T20:00:00+01:00",
        },
    )

    assert mine.status_code == 201
    assert mine.json()["type"] == "PRIVATE_MESSAGE"
    assert mine.json()["source"] == "manual"
    assert mine.json()["occurredAt"] == "2026-12-01T21:00:00Z"
    assert theirs.json()["type"] == "DIRECT_MESSAGE"
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert [(m["content"], m["fromOwner"]) for m in threads["pm"]] == [
        ("thanks for the tip!", True)
    ]
    assert [(m["content"], m["fromOwner"]) for m in threads["dm"]] == [("see you saturday", False)]


async def test_manual_messages_are_refused_with_a_problem_when_they_cannot_be_recorded(
    api: Api,
) -> None:
    fox = add_person(api, "velvet_fox_93")
    excluded = add_person(api, "smk_lover")
    owner = add_person(api, "hudson_cage")

    blank = await api.post(
        f"/api/person/{fox}/messages", json={"thread": "pm", "fromOwner": True, "text": "  "}
    )
    future = await api.post(
        f"/api/person/{fox}/messages",
        json={
            "thread": "pm",
            "fromOwner": True,
            "text": "hi",
            "occurredAt": "2027-01-01T00:00:00Z",
        },
    )
    unknown = await api.post(
        "/api/person/999999/messages", json={"thread": "pm", "fromOwner": True, "text": "hi"}
    )
    refused = await api.post(
        f"/api/person/{excluded}/messages", json={"thread": "dm", "fromOwner": False, "text": "x"}
    )
    own = await api.post(
        f"/api/person/{owner}/messages", json={"thread": "dm", "fromOwner": False, "text": "x"}
    )

    assert [r.status_code for r in (blank, future, unknown, refused, own)] == [
        400,
        400,
        404,
        409,
        400,
    ]
    assert blank.json()["errors"][0]["field"] == "text"
    assert future.json()["errors"][0]["field"] == "occurredAt"
    assert refused.headers["content-type"].startswith("application/problem+json")
    threads = (await api.get(f"/api/person/{fox}/communications")).json()
    assert threads["totals"] == {"pm": 0, "dm": 0, "public": 0, "tips": 0}


async def test_bad_paste_input_gets_a_problem_and_stores_nothing(api: Api) -> None:
    zone = await api.post("/api/paste/save", json={"text": PM_LOG, "timeZone": "Mars/Olympus"})
    name = await api.post("/api/paste/save", json={"text": PM_LOG, "counterpart": "not a name"})
    noise = await api.post("/api/paste/save", json={"text": "x has joined the room."})
    blank = await api.post("/api/paste/preview", json={"text": "   "})
    session = await api.post("/api/paste/preview", json={"text": PM_LOG, "sessionId": 424242})
    huge = await api.post("/api/paste/save", json={"text": "a" * 1_100_000})

    assert zone.status_code == 400
    assert zone.json()["errors"][0]["field"] == "timeZone"
    assert name.status_code == 400
    assert name.json()["errors"][0]["field"] == "counterpart"
    assert noise.status_code == 400
    assert noise.json()["errors"][0]["field"] == "text"
    assert blank.status_code == 400
    assert session.status_code == 404
    assert huge.status_code == 413
    assert huge.headers["content-type"].startswith("application/problem+json")
    assert (await api.get("/api/people")).json()["total"] == 0


async def test_excluded_speakers_are_left_out_of_a_saved_paste(
    api: Api, clock: ManualClock
) -> None:
    await run_show(api, clock)
    text = "smk_lover: hey\nvelvet_fox_93: hello"

    preview = (await api.post("/api/paste/preview", json={"text": text})).json()
    saved = (await api.post("/api/paste/save", json={"text": text})).json()

    assert preview["excluded"] == ["smk_lover"]
    assert saved["created"] == ["velvet_fox_93"]
    excluded = await api.get("/api/people", params={"excluded": "true"})
    assert excluded.json()["total"] == 0
