"""The owner's clock through GET/PUT /api/settings, and what follows it (the analysis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.http_app import Api, add_interaction, add_person

from mhc.domain.models import InteractionType, Role


async def test_settings_default_to_the_configured_zone_on_a_24_hour_clock(api: Api) -> None:
    answer = await api.get("/api/settings")

    assert answer.status_code == 200
    assert answer.json() == {"timezone": "UTC", "clock": "24h", "defaultTimezone": "UTC"}


async def test_settings_are_stored_and_read_back_when_valid(api: Api) -> None:
    saved = await api.put("/api/settings", json={"timezone": "America/New_York", "clock": "12h"})
    read = await api.get("/api/settings")

    assert saved.status_code == 200
    assert saved.json() == {
        "timezone": "America/New_York",
        "clock": "12h",
        "defaultTimezone": "UTC",
    }
    assert read.json() == saved.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons", "clock": "24h"}, "timezone"),
        ({"timezone": "", "clock": "24h"}, "timezone"),
        ({"timezone": "Europe/London; DROP", "clock": "24h"}, "timezone"),
        ({"timezone": "Europe/London", "clock": "13h"}, "clock"),
        ({"timezone": "Europe/London"}, "clock"),
    ],
)
async def test_bad_settings_are_refused_with_a_problem_and_change_nothing(
    api: Api, body: dict[str, str], field: str
) -> None:
    await api.put("/api/settings", json={"timezone": "Asia/Tokyo", "clock": "12h"})

    refused = await api.put("/api/settings", json=body)

    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert field in refused.text
    assert (await api.get("/api/settings")).json()["timezone"] == "Asia/Tokyo"


async def test_settings_need_credentials(api: Api) -> None:
    assert (await api.client.get("/api/settings")).status_code == 401
    put = await api.client.put("/api/settings", json={"timezone": "UTC", "clock": "24h"})
    assert put.status_code == 401


async def test_analysis_follows_the_stored_zone_and_clock_without_a_restart(api: Api) -> None:
    night_owl = add_person(api, "night_owl_3", Role.VIEWER)
    evening = datetime(2026, 1, 9, 21, 30, tzinfo=UTC)
    for day in range(12):
        at = evening - timedelta(days=day)
        add_interaction(api, night_owl, InteractionType.CHAT_MESSAGE, at, content="hi")

    before = (await api.get(f"/api/person/{night_owl}/analysis")).json()
    await api.put("/api/settings", json={"timezone": "Asia/Tokyo", "clock": "12h"})
    after = (await api.get(f"/api/person/{night_owl}/analysis")).json()

    assert before["timezone"] == "UTC"
    assert after["timezone"] == "Asia/Tokyo"
    hours = next(i for i in after["timing"] if i["key"] == "timing.room_hours")
    # 21:30 UTC is 6:30 the next morning in Tokyo.
    assert "busiest hour 6 AM" in hours["summary"]
    assert before["activityHeatmap"] != after["activityHeatmap"]
