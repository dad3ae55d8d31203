"""Sessions of the owner's room and the owner's page (/api/hudson)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.integration.http_app import (
    BROADCASTER,
    Api,
    add_interaction,
    add_person,
    add_snapshot,
)

from mhc.domain.models import InteractionType, Role, SnapshotSource

EVENING = datetime(2026, 2, 1, 21, 0, tzinfo=UTC)


def busy_session(api: Api) -> int:
    """A session with two tippers, a follower, an unfollower, chat, and the excluded regular."""
    session_id = api.call(api.container.sessions().start).id
    whale = add_person(api, "whale_1", Role.VIEWER)
    minnow = add_person(api, "minnow_2", Role.VIEWER)
    excluded = add_person(api, "smk_lover")
    at = EVENING
    for person, kind, tokens in [
        (whale, InteractionType.USER_ENTER, None),
        (whale, InteractionType.TIP, 500),
        (minnow, InteractionType.TIP, 20),
        (minnow, InteractionType.TIP, 30),
        (whale, InteractionType.FOLLOW, None),
        (minnow, InteractionType.UNFOLLOW, None),
        (minnow, InteractionType.CHAT_MESSAGE, None),
        (whale, InteractionType.PRIVATE_MESSAGE, None),
        (excluded, InteractionType.TIP, 9999),
        (excluded, InteractionType.CHAT_MESSAGE, None),
    ]:
        at += timedelta(minutes=1)
        add_interaction(api, person, kind, at, tokens=tokens, session_id=session_id)
    return session_id


async def test_session_start_returns_the_live_session_when_one_is_live_already(api: Api) -> None:
    first = await api.post("/api/session/start", json={})
    second = await api.post("/api/session/start")

    assert first.status_code == 200
    assert first.json()["status"] == "LIVE"
    assert first.json()["broadcaster"] == BROADCASTER
    assert first.json()["endedAt"] is None
    assert second.json()["id"] == first.json()["id"]
    current = (await api.get("/api/session/current")).json()
    assert current["session"]["id"] == first.json()["id"]


async def test_session_end_answers_409_when_no_session_is_live(api: Api) -> None:
    nothing_live = await api.post("/api/session/end", json={})
    started = (await api.post("/api/session/start")).json()
    ended = await api.post("/api/session/end")
    ended_again = await api.post("/api/session/end", json={"sessionId": started["id"]})
    unknown = await api.post("/api/session/end", json={"sessionId": 987654})

    assert nothing_live.status_code == 409
    assert nothing_live.json()["detail"] == "no session is live"
    assert ended.json()["status"] == "ENDED"
    assert ended.json()["endedAt"] is not None
    assert ended_again.status_code == 409
    assert unknown.status_code == 404
    assert (await api.get("/api/session/current")).json() == {"session": None}


async def test_session_summaries_total_the_room_without_excluded_persons_when_listed(
    api: Api,
) -> None:
    busy_session(api)
    await api.post("/api/session/end")

    page = (await api.get("/api/sessions")).json()

    assert page["total"] == 1
    [summary] = page["items"]
    assert summary["status"] == "ENDED"
    assert summary["tokens"] == 550
    assert summary["tipCount"] == 3
    assert summary["tippers"] == 2
    assert summary["topTippers"] == [
        {"personId": summary["topTippers"][0]["personId"], "username": "whale_1", "tokens": 500},
        {"personId": summary["topTippers"][1]["personId"], "username": "minnow_2", "tokens": 50},
    ]
    assert (summary["newFollowers"], summary["unfollows"]) == (1, 1)
    assert (summary["chatMessages"], summary["privateMessages"]) == (1, 1)
    assert summary["uniqueVisitors"] == 2
    assert summary["durationSeconds"] >= 0


async def test_session_detail_lists_its_interactions_oldest_first_when_asked(api: Api) -> None:
    session_id = busy_session(api)

    detail = (await api.get(f"/api/session/{session_id}")).json()
    tips = (await api.get(f"/api/session/{session_id}", params={"type": "TIP", "limit": 2})).json()

    assert detail["summary"]["id"] == session_id
    assert detail["summary"]["status"] == "LIVE"
    assert detail["interactions"]["total"] == 8
    assert [i["username"] for i in detail["interactions"]["items"][:2]] == ["whale_1", "whale_1"]
    assert [i["type"] for i in detail["interactions"]["items"][:2]] == ["USER_ENTER", "TIP"]
    assert tips["interactions"]["total"] == 3
    assert [i["metadata"]["tokens"] for i in tips["interactions"]["items"]] == [500, 20]


async def test_session_detail_answers_404_when_the_session_is_unknown(api: Api) -> None:
    answer = await api.get("/api/session/987654")

    assert answer.status_code == 404
    assert answer.json()["detail"] == "session 987654 does not exist"


async def test_hudson_labels_every_figure_with_source_and_time_when_data_exists(
    api: Api,
) -> None:
    owner = add_person(api, BROADCASTER, Role.MODEL)
    add_snapshot(
        api,
        owner,
        SnapshotSource.CB_STATS,
        EVENING - timedelta(hours=1),
        {"num_followers": 1200, "token_balance": 5000},
    )
    add_snapshot(
        api,
        owner,
        SnapshotSource.CB_STATS,
        EVENING,
        {"num_followers": 1215, "token_balance": 5550, "num_viewers": 80},
    )
    add_snapshot(api, owner, SnapshotSource.STATBATE_MODEL, EVENING, {"rank": 812})
    busy_session(api)

    body = (await api.get("/api/hudson")).json()

    assert body["broadcaster"] == BROADCASTER
    assert body["live"] is True
    assert body["currentSession"]["status"] == "LIVE"
    assert body["cbStats"] == {
        "source": "chaturbate",
        "capturedAt": "2026-02-01T21:00:00Z",
        "metrics": {"num_followers": 1215, "token_balance": 5550, "num_viewers": 80},
        "deltas": {"num_followers": 15, "token_balance": 550, "num_viewers": None},
    }
    assert body["followers"] == {
        "count": 1215,
        "delta": 15,
        "source": "chaturbate",
        "capturedAt": "2026-02-01T21:00:00Z",
    }
    assert body["statbateModel"] == {
        "source": "statbate",
        "capturedAt": "2026-02-01T21:00:00Z",
        "metrics": {"rank": 812},
    }
    assert [t["metadata"]["tokens"] for t in body["recentTips"]] == [30, 20, 500]
    assert {t["username"] for t in body["recentTips"]} == {"whale_1", "minnow_2"}
    assert all(i["source"] == "cb_events" for i in body["recentInteractions"])
    assert "smk_lover" not in {i["username"] for i in body["recentInteractions"]}
    assert [s["tokens"] for s in body["sessions"]] == [550]


async def test_hudson_answers_with_empty_sections_when_nothing_was_captured(api: Api) -> None:
    body = (await api.get("/api/hudson")).json()

    assert body == {
        "broadcaster": BROADCASTER,
        "live": False,
        "currentSession": None,
        "cbStats": None,
        "statbateModel": None,
        "followers": None,
        "recentTips": [],
        "recentInteractions": [],
        "sessions": [],
    }
