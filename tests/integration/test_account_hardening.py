"""The owner's account against someone who does not have the password, or has only a stolen
cookie: forged addresses, floods of guesses, odd TOTP codes, sessions that outlive a password,
the edges of the HTTP app, and the first run's setup link. On the real database."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import msgspec
import psycopg
import pyotp
import pytest
import uvicorn
from tests.fakes import ManualClock
from tests.integration.http_app import (
    NO_PASSWORD,
    OWNER_PASSWORD,
    SETUP_TOKEN_STATE,
    Api,
    open_api,
    settings_for,
)

from mhc.adapters.http.auth import CSRF_HEADER, SECURE_SESSION_COOKIE, SESSION_COOKIE
from mhc.entrypoints.container import Container
from mhc.entrypoints.web import build_app, server_config
from mhc.ports.auth import ThrottlePolicy

START = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
NEW_PASSWORD = "a-brand-new-password-77"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@contextmanager
def served_by_the_entrypoint(
    database_url: str, monkeypatch: pytest.MonkeyPatch, *, hops: int
) -> Iterator[str]:
    """The app and uvicorn configuration `mhc web` uses, with a blueprint that trusted every
    proxy address for X-Forwarded-* (FORWARDED_ALLOW_IPS="*", as render.yaml had)."""
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    settings = msgspec.structs.replace(settings_for(database_url), trusted_proxy_hops=hops)
    app = build_app(settings, Container(settings=settings), spa_dir=None, migrate=False)
    server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=0))
    thread = threading.Thread(target=server.run, name="entrypoint-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


# ---- Login and the server's memory ----------------------------------------------------------


def test_a_forged_forwarded_for_cannot_choose_the_throttle_key_when_served_behind_a_proxy(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One proxy in front: it appended 203.0.113.9, the caller wrote the rest, anew each time.
    with (
        served_by_the_entrypoint(database_url, monkeypatch, hops=1) as url,
        httpx.Client(base_url=url) as client,
    ):
        statuses = [
            client.post(
                "/api/auth/login",
                json={"password": f"guess-{n}"},
                headers={"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.9"},
            ).status_code
            for n in range(7)
        ]
        # The owner's own address written in by someone else locks nobody else out.
        owner = client.post(
            "/api/auth/login",
            json={"password": OWNER_PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.9, 192.0.2.44"},
        )

    # Five free attempts for the one real client, then the lock.
    assert statuses[:4] == [401] * 4
    assert 429 in statuses
    assert owner.status_code == 200


async def test_failed_logins_from_many_addresses_stop_at_the_global_budget(
    database_url: str, clock: ManualClock
) -> None:
    policy = ThrottlePolicy(free_attempts=50, global_burst=5, global_per_minute=5)
    async with open_api(database_url, clock=clock, throttle=policy, trusted_proxy_hops=1) as api:
        statuses = [
            (
                await api.client.post(
                    "/api/auth/login",
                    json={"password": f"guess-{n}"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                )
            ).status_code
            for n in range(20)
        ]
        refused = await api.client.post(
            "/api/auth/login",
            json={"password": OWNER_PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )
        clock.advance(seconds=13)
        later = await api.client.post(
            "/api/auth/login",
            json={"password": OWNER_PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )

    assert statuses == [401] * 5 + [429] * 15
    assert refused.status_code == 429
    assert "on this panel" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) >= 1
    # The bucket refills by 5 a minute: one attempt back after 12 s.
    assert later.status_code == 200


async def test_throttle_keys_are_bounded_and_old_rows_purged_when_attempts_come(
    database_url: str, clock: ManualClock
) -> None:
    policy = ThrottlePolicy(window_seconds=60)
    async with open_api(database_url, clock=clock, throttle=policy, trusted_proxy_hops=1) as api:
        for n in range(3):
            await api.client.post(
                "/api/auth/login",
                json={"password": "guess"},
                headers={"X-Forwarded-For": f"host-{n}-" + "x" * 500},
            )
        clock.advance(seconds=120)
        await api.client.post(
            "/api/auth/login",
            json={"password": "guess"},
            headers={"X-Forwarded-For": "192.0.2.7"},
        )

    with psycopg.connect(database_url) as conn:
        clients = [row[0] for row in conn.execute("SELECT client FROM login_throttle")]
    assert clients == ["192.0.2.7"]


async def test_a_code_of_other_scripts_digits_answers_like_a_wrong_code_when_the_password_is_right(
    api: Api,
) -> None:
    secret = (await api.post("/api/auth/totp/setup", json={"password": OWNER_PASSWORD})).json()[
        "secret"
    ]
    await api.post("/api/auth/totp/enable", json={"code": pyotp.TOTP(secret).now()})

    right = await api.client.post(
        "/api/auth/login", json={"password": OWNER_PASSWORD, "totpCode": "١٢٣٤٥٦"}
    )
    wrong = await api.client.post(
        "/api/auth/login", json={"password": "not-the-password", "totpCode": "١٢٣٤٥٦"}
    )

    assert right.status_code == wrong.status_code
    assert 400 <= right.status_code < 500
    for path in ("/api/auth/totp/enable", "/api/auth/totp/disable"):
        answer = await api.post(path, json={"password": OWNER_PASSWORD, "code": "١٢٣٤٥٦"})
        assert 400 <= answer.status_code < 500, path


async def test_a_recovery_code_logs_in_once_when_the_authenticator_is_lost(api: Api) -> None:
    secret = (await api.post("/api/auth/totp/setup", json={"password": OWNER_PASSWORD})).json()[
        "secret"
    ]
    enabled = await api.post("/api/auth/totp/enable", json={"code": pyotp.TOTP(secret).now()})
    codes = enabled.json()["recoveryCodes"]

    first = await api.client.post(
        "/api/auth/login", json={"password": OWNER_PASSWORD, "recoveryCode": codes[0].upper()}
    )
    again = await api.client.post(
        "/api/auth/login", json={"password": OWNER_PASSWORD, "recoveryCode": codes[0]}
    )

    assert len(codes) == len(set(codes)) == 10
    assert first.status_code == 200
    assert again.status_code == 401
    assert (await api.get("/api/auth/totp")).json() == {
        "totpEnabled": True,
        "recoveryCodesLeft": 9,
    }


# ---- A stolen session must not become permanent access --------------------------------------


async def test_lasting_access_needs_the_password_when_only_a_session_is_held(api: Api) -> None:
    csrf = await api.login()
    key_id = (await api.get("/api/auth/keys")).json()[0]["id"]

    attempts = {
        "createApiKey": await api.client.post(
            "/api/auth/keys", json={"name": "mine now", "password": "stolen-cookie"}, headers=csrf
        ),
        "revokeApiKey": await api.client.post(
            f"/api/auth/keys/{key_id}/revoke", json={"password": "guess"}, headers=csrf
        ),
        "setupTotp": await api.client.post(
            "/api/auth/totp/setup", json={"password": "guess"}, headers=csrf
        ),
        "disableTotp": await api.client.post(
            "/api/auth/totp/disable", json={"password": "guess"}, headers=csrf
        ),
    }
    without = await api.client.post("/api/auth/keys", json={"name": "mine now"}, headers=csrf)

    for name, answer in attempts.items():
        assert answer.status_code == 403, name
        assert answer.json()["errors"][0]["field"] == "password", name
    assert without.status_code == 400
    assert [k["name"] for k in (await api.get("/api/auth/keys")).json()] == ["tests"]
    # Still logged in: a wrong confirmation is not a logout.
    assert (await api.client.get("/api/auth/me")).status_code == 200


async def test_open_sessions_are_listed_and_end_everywhere_when_asked(api: Api) -> None:
    phone = await api.login()
    phone_cookie = api.client.cookies[SESSION_COOKIE]
    api.client.cookies.clear()
    laptop = await api.login()

    listed = (await api.client.get("/api/auth/sessions")).json()
    ended = await api.client.post("/api/auth/sessions/end-all", headers=laptop)
    api.client.cookies.set(SESSION_COOKIE, phone_cookie)
    phone_after = await api.client.get("/api/auth/me")

    assert [s["current"] for s in listed] == [True, False]
    assert all(s["client"] and s["lastSeenAt"] for s in listed)
    assert ended.json() == {"ended": 2}
    assert phone_after.status_code == 401
    assert phone  # the phone's CSRF token is useless now


async def test_a_password_chosen_in_the_panel_ends_other_sessions_when_changed(
    database_url: str,
) -> None:
    async with open_api(database_url, password=NO_PASSWORD) as api:
        token = api.app.state[SETUP_TOKEN_STATE]
        await api.client.post("/api/setup", json={"token": token, "password": OWNER_PASSWORD})
        other = await api.login()
        other_cookie = api.client.cookies[SESSION_COOKIE]
        api.client.cookies.clear()
        csrf = await api.login()

        changed = await api.client.post(
            "/api/auth/password",
            json={"currentPassword": OWNER_PASSWORD, "newPassword": NEW_PASSWORD},
            headers=csrf,
        )
        still_in = await api.client.get("/api/auth/me")
        api.client.cookies.set(SESSION_COOKIE, other_cookie)
        other_after = await api.client.get("/api/auth/me")

    assert changed.status_code == 200
    assert still_in.status_code == 200
    assert other_after.status_code == 401
    assert other


# ---- What anonymous callers see, and the edges ----------------------------------------------


async def test_openapi_document_needs_credentials_when_in_production(database_url: str) -> None:
    async with open_api(database_url, private_schema=True) as api:
        anonymous = await api.client.get("/schema/openapi.json")
        owner = await api.get("/schema/openapi.json")

    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert owner.status_code == 200


async def test_https_answers_carry_hsts_and_the_host_prefixed_cookie_when_behind_tls(
    database_url: str,
) -> None:
    async with open_api(database_url, trusted_proxy_hops=1) as api:
        login = await api.client.post(
            "/api/auth/login",
            json={"password": OWNER_PASSWORD},
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.5"},
        )
        plain = await api.client.get("/api/health")

    assert login.headers["strict-transport-security"].startswith("max-age=")
    cookie = login.headers["set-cookie"]
    assert cookie.startswith(f"{SECURE_SESSION_COOKIE}=")
    assert "Secure" in cookie
    assert "Domain" not in cookie
    assert "strict-transport-security" not in plain.headers


async def test_a_rebound_host_name_is_refused_when_the_panel_listens_on_loopback(
    database_url: str,
) -> None:
    async with open_api(database_url, allowed_hosts=("localhost", "127.0.0.1", "::1")) as api:
        rebound = await api.client.get(
            "http://attacker.example:8000/api/health", headers={"Host": "attacker.example:8000"}
        )
        local = await api.client.get("/api/health", headers={"Host": "127.0.0.1:8000"})

    assert rebound.status_code == 400
    assert rebound.headers["content-type"] == "application/problem+json"
    assert local.status_code == 200


# ---- The first run --------------------------------------------------------------------------


@pytest.fixture
async def fresh(database_url: str) -> AsyncIterator[Api]:
    """A panel with no password configured or stored."""
    async with open_api(database_url, password=NO_PASSWORD) as api:
        yield api


async def test_the_setup_link_chooses_the_password_once_when_none_exists(fresh: Api) -> None:
    token = fresh.app.state[SETUP_TOKEN_STATE]

    before = (await fresh.client.get("/api/setup", params={"token": token})).json()
    short = await fresh.client.post("/api/setup", json={"token": token, "password": "short"})
    chosen = await fresh.client.post("/api/setup", json={"token": token, "password": NEW_PASSWORD})
    again = await fresh.client.post("/api/setup", json={"token": token, "password": NEW_PASSWORD})
    after = (await fresh.client.get("/api/setup", params={"token": token})).json()

    assert before == {"state": "open", "tokenValid": True, "minPasswordLength": 12}
    assert short.status_code == 400
    assert chosen.status_code == 204
    assert again.status_code == 401
    assert after["state"] == "configured"
    assert (await fresh.login(NEW_PASSWORD))[CSRF_HEADER]
    with psycopg.connect(fresh.container.database_url()) as conn:
        row = conn.execute("SELECT password_hash, password_source FROM auth_owner").fetchone()
    assert row is not None
    assert row[0].startswith("$argon2id$")
    assert NEW_PASSWORD not in row[0]
    assert row[1] == "setup"


async def test_the_setup_link_expires_after_thirty_minutes_when_unused(
    database_url: str, clock: ManualClock
) -> None:
    async with open_api(database_url, clock=clock, password=NO_PASSWORD) as api:
        token = api.app.state[SETUP_TOKEN_STATE]
        clock.advance(minutes=31)
        late = await api.client.post("/api/setup", json={"token": token, "password": NEW_PASSWORD})
        state = (await api.client.get("/api/setup", params={"token": token})).json()

    assert late.status_code == 401
    assert "expired" in late.json()["detail"]
    assert state == {"state": "open", "tokenValid": False, "minPasswordLength": 12}


async def test_the_environment_password_wins_and_the_setup_says_so_when_it_is_set(
    api: Api,
) -> None:
    state = (await api.client.get("/api/setup", params={"token": "anything"})).json()
    refused = await api.client.post(
        "/api/setup", json={"token": "anything", "password": NEW_PASSWORD}
    )

    assert state["state"] == "environment"
    assert refused.status_code == 409
    assert "MHC_ADMIN_PASSWORD" in refused.json()["detail"]
    assert api.app.state[SETUP_TOKEN_STATE] is None


async def test_nobody_logs_in_when_no_password_was_chosen_yet(fresh: Api) -> None:
    answer = await fresh.client.post("/api/auth/login", json={"password": ""})

    assert answer.status_code == 401
