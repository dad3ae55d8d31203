"""Private by default: every route needs credentials; login, sessions, CSRF, API keys, TOTP,
and the slow-down of failed logins, on the real database."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import psycopg
import pyotp
import pytest
from litestar.routes import HTTPRoute
from tests.fakes import ManualClock
from tests.integration.http_app import OWNER_PASSWORD, Api, open_api

from mhc.adapters.http.auth import CSRF_HEADER, SESSION_COOKIE
from mhc.adapters.http.authentication import PUBLIC
from mhc.ports.auth import ThrottlePolicy

START = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
_PATH_PARAM = re.compile(r"\{(\w+):(\w+)\}")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def clocked_api(database_url: str, clock: ManualClock) -> AsyncIterator[Api]:
    policy = ThrottlePolicy(free_attempts=3, base_delay_seconds=10, max_delay_seconds=60)
    async with open_api(database_url, clock=clock, throttle=policy) as opened:
        yield opened


def private_routes(api: Api) -> list[tuple[str, str]]:
    """(method, concrete path) for every /api route handler not marked public."""
    found = []
    for route in api.app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/api"):
            continue
        path = _PATH_PARAM.sub("1", route.path)
        for handler in route.route_handlers:
            if handler.opt.get(PUBLIC):
                continue
            for method in handler.http_methods - {"OPTIONS", "HEAD"}:
                found.append((method, path))
    return sorted(found)


async def test_every_private_route_answers_401_when_no_credentials_are_sent(api: Api) -> None:
    routes = private_routes(api)

    assert len(routes) >= 33
    assert ("POST", "/api/lookup") in routes
    for method, path in routes:
        answer = await api.client.request(method, path, json={})
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["status"] == 401


async def test_every_private_route_answers_401_when_the_api_key_is_unknown(api: Api) -> None:
    for method, path in private_routes(api):
        answer = await api.client.request(
            method, path, json={}, headers={"Authorization": "Bearer mhc_not_a_real_key"}
        )
        assert answer.status_code == 401, (method, path)


async def test_only_health_login_and_setup_are_public_when_listing_the_api(api: Api) -> None:
    public = sorted(
        path
        for route in api.app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api")
        for handler in route.route_handlers
        if handler.opt.get(PUBLIC)
        for path in [route.path]
    )

    # /api/setup twice: the state (GET) and the first password (POST).
    assert public == ["/api/auth/login", "/api/health", "/api/setup", "/api/setup"]


async def test_login_sets_an_httponly_samesite_cookie_when_the_password_is_right(api: Api) -> None:
    answer = await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})

    assert answer.status_code == 200
    body = answer.json()
    assert body["totpEnabled"] is False
    assert len(body["csrfToken"]) == 64
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    me = await api.client.get("/api/auth/me")
    assert me.json() == {
        "authenticated": True,
        "csrfToken": body["csrfToken"],
        "totpEnabled": False,
        "passwordFromEnvironment": True,
    }


async def test_login_cookie_is_secure_when_served_over_https(api: Api) -> None:
    answer = await api.client.post(
        "https://panel.example/api/auth/login", json={"password": OWNER_PASSWORD}
    )

    assert answer.status_code == 200
    assert "Secure" in answer.headers["set-cookie"]


async def test_login_answers_401_problem_when_the_password_is_wrong(api: Api) -> None:
    answer = await api.client.post("/api/auth/login", json={"password": "not-the-password"})

    assert answer.status_code == 401
    assert answer.json()["detail"] == "wrong password"
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")
    assert (await api.client.get("/api/people")).status_code == 401


async def test_cookie_write_is_refused_when_the_csrf_header_is_missing_or_wrong(api: Api) -> None:
    csrf = await api.login()

    missing = await api.client.post("/api/watchlists", json={"name": "Regulars"})
    wrong = await api.client.post(
        "/api/watchlists", json={"name": "Regulars"}, headers={CSRF_HEADER: "0" * 64}
    )
    right = await api.client.post("/api/watchlists", json={"name": "Regulars"}, headers=csrf)

    assert missing.status_code == 403
    assert missing.json()["type"] == "urn:mhc:problem:csrf"
    assert wrong.status_code == 403
    assert right.status_code == 201


async def test_cookie_reads_need_no_csrf_header_when_logged_in(api: Api) -> None:
    await api.login()

    assert (await api.client.get("/api/watchlists")).status_code == 200


async def test_writes_need_no_csrf_header_when_sent_with_a_bearer_key(api: Api) -> None:
    answer = await api.post("/api/watchlists", json={"name": "Script list"})

    assert answer.status_code == 201


async def test_logout_ends_the_session_when_the_cookie_is_replayed(api: Api) -> None:
    csrf = await api.login()
    token = api.client.cookies[SESSION_COOKIE]

    answer = await api.client.post("/api/auth/logout", headers=csrf)

    assert answer.status_code == 204
    api.client.cookies.set(SESSION_COOKIE, token)
    assert (await api.client.get("/api/auth/me")).status_code == 401


async def test_sessions_are_stored_only_as_hashes_when_logged_in(
    api: Api, database_url: str
) -> None:
    await api.login()
    token = api.client.cookies[SESSION_COOKIE]

    with psycopg.connect(database_url) as conn:
        stored = [bytes(row[0]) for row in conn.execute("SELECT token_hash FROM auth_sessions")]

    assert len(stored) == 1
    assert token.encode() not in stored[0]
    assert len(stored[0]) == 32


async def test_login_is_slowed_down_when_failures_repeat_from_one_client(
    clocked_api: Api, clock: ManualClock
) -> None:
    api = clocked_api
    statuses = [
        (await api.client.post("/api/auth/login", json={"password": f"guess-{n}"})).status_code
        for n in range(3)
    ]
    locked = await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})

    assert statuses == [401, 401, 401]
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "10"
    assert locked.json()["status"] == 429
    clock.advance(seconds=11)
    assert (
        await api.client.post("/api/auth/login", json={"password": "guess-4"})
    ).status_code == 401
    # The fourth failure doubled the lock.
    again = await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
    assert again.status_code == 429
    assert again.headers["retry-after"] == "20"
    clock.advance(seconds=21)
    assert (
        await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
    ).status_code == 200


async def test_failed_login_count_restarts_when_a_login_succeeds(
    clocked_api: Api, clock: ManualClock
) -> None:
    api = clocked_api
    for n in range(2):
        await api.client.post("/api/auth/login", json={"password": f"typo-{n}"})
    await api.login()

    statuses = [
        (await api.client.post("/api/auth/login", json={"password": f"typo-{n}"})).status_code
        for n in range(2)
    ]

    assert statuses == [401, 401]


async def test_the_password_never_appears_in_logs_when_logging_in(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    await api.client.post("/api/auth/login", json={"password": "wrong-horse-battery"})
    await api.login()

    assert "wrong-horse-battery" not in caplog.text
    assert OWNER_PASSWORD not in caplog.text


async def test_api_key_is_shown_once_and_works_when_not_revoked(
    api: Api, database_url: str
) -> None:
    created = await api.post(
        "/api/auth/keys", json={"name": "nightly export", "password": OWNER_PASSWORD}
    )

    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("mhc_")
    assert created.json()["prefix"] == key[:10]
    listed = (await api.get("/api/auth/keys")).json()
    assert [k["name"] for k in listed] == ["nightly export", "tests"]
    assert all("key" not in k for k in listed)
    with psycopg.connect(database_url) as conn:
        dump = str(conn.execute("SELECT * FROM api_keys").fetchall())
    assert key not in dump
    headers = {"Authorization": f"Bearer {key}"}
    assert (await api.client.get("/api/watchlists", headers=headers)).status_code == 200

    revoked = await api.post(
        f"/api/auth/keys/{created.json()['id']}/revoke", json={"password": OWNER_PASSWORD}
    )

    assert revoked.status_code == 204
    assert (await api.client.get("/api/watchlists", headers=headers)).status_code == 401
    after = {k["name"]: k for k in (await api.get("/api/auth/keys")).json()}
    assert after["nightly export"]["revokedAt"] is not None
    assert after["nightly export"]["lastUsedAt"] is not None


async def test_revoking_an_unknown_api_key_answers_404(api: Api) -> None:
    answer = await api.post("/api/auth/keys/424242/revoke", json={"password": OWNER_PASSWORD})

    assert answer.status_code == 404


async def test_authorization_header_is_refused_when_it_is_not_a_bearer_key(api: Api) -> None:
    answer = await api.client.get(
        "/api/watchlists", headers={"Authorization": f"Basic {api.api_key}"}
    )

    assert answer.status_code == 401


async def test_totp_is_required_at_login_when_it_was_enabled(api: Api) -> None:
    setup = await api.post("/api/auth/totp/setup", json={"password": OWNER_PASSWORD})
    assert setup.status_code == 200
    secret = setup.json()["secret"]
    assert setup.json()["uri"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(secret)

    wrong = await api.post("/api/auth/totp/enable", json={"code": "000000"})
    enabled = await api.post("/api/auth/totp/enable", json={"code": totp.now()})

    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "code"
    assert enabled.json()["totpEnabled"] is True
    without_code = await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
    assert without_code.status_code == 401
    assert without_code.json()["errors"][0]["field"] == "totpCode"
    # The code that enabled the factor was used: it cannot open a session as well.
    replayed = await api.client.post(
        "/api/auth/login", json={"password": OWNER_PASSWORD, "totpCode": totp.now()}
    )
    assert replayed.status_code == 401


async def test_totp_login_and_disable_work_when_the_code_is_fresh(
    clocked_api: Api, clock: ManualClock
) -> None:
    api = clocked_api
    secret = (await api.post("/api/auth/totp/setup", json={"password": OWNER_PASSWORD})).json()[
        "secret"
    ]
    totp = pyotp.TOTP(secret)
    await api.post("/api/auth/totp/enable", json={"code": totp.at(clock.now())})
    clock.advance(seconds=30)

    login = await api.client.post(
        "/api/auth/login", json={"password": OWNER_PASSWORD, "totpCode": totp.at(clock.now())}
    )

    assert login.status_code == 200
    assert login.json()["totpEnabled"] is True
    assert (
        await api.post("/api/auth/totp/setup", json={"password": OWNER_PASSWORD})
    ).status_code == 409
    clock.advance(seconds=30)
    disabled = await api.post(
        "/api/auth/totp/disable", json={"password": OWNER_PASSWORD, "code": totp.at(clock.now())}
    )
    assert disabled.json() == {"totpEnabled": False, "recoveryCodesLeft": 0}
    assert (
        await api.client.post("/api/auth/login", json={"password": OWNER_PASSWORD})
    ).status_code == 200


async def test_totp_disable_answers_409_when_no_factor_is_enabled(api: Api) -> None:
    answer = await api.post(
        "/api/auth/totp/disable", json={"password": OWNER_PASSWORD, "code": "123456"}
    )

    assert answer.status_code == 409
