"""`mhc web` as it runs: the entrypoint's app under uvicorn, the first run's setup link, the
OpenAPI dump and the CLI registration."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import msgspec
import pytest
import uvicorn

from mhc.entrypoints.cli import build_parser
from mhc.entrypoints.container import Container
from mhc.entrypoints.openapi_dump import main as dump_openapi
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.web import build_app

PASSWORD = "lantern-harbour-19"
SECRET_KEY = "entrypoint-test-secret-key-0123456789"
SETUP_LINK = re.compile(r"(http://\S+)/setup\?token=(\S+)")


@pytest.fixture
def served(database_url: str) -> Iterator[str]:
    """The entrypoint's app (real argon2 hash, migrations at start-up) under uvicorn."""
    settings = Settings(database_url=database_url, admin_password=PASSWORD, secret_key=SECRET_KEY)
    with serving(settings) as url:
        yield url


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    app = build_app(settings, Container(settings=settings), spa_dir=None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None))
    thread = threading.Thread(target=server.run, name="mhc-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_web_app_serves_login_and_lookup_over_http_when_started(served: str) -> None:
    with httpx.Client(base_url=served) as client:
        health = client.get("/api/health")
        refused = client.post("/api/lookup", json={"username": "big_tipper_77"})
        login = client.post("/api/auth/login", json={"password": PASSWORD})
        found = client.post(
            "/api/lookup",
            json={"username": "big_tipper_77"},
            headers={"X-CSRF-Token": login.json()["csrfToken"]},
        )

    assert health.json()["database"] == "ok"
    assert refused.status_code == 401
    assert login.status_code == 200
    # A name never seen is answered as new, not created.
    assert found.json()["newNames"][0]["username"] == "big_tipper_77"


@pytest.mark.parametrize("environment", ["development", "production"])
def test_a_one_time_setup_link_is_printed_when_no_password_exists_at_all(
    database_url: str, capsys: pytest.CaptureFixture[str], environment: str
) -> None:
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        environment=environment,  # type: ignore[arg-type]
    )

    with serving(settings) as url:
        printed = capsys.readouterr().out
        link = SETUP_LINK.search(printed)
        assert link is not None, printed
        assert "MHC_ADMIN_PASSWORD" not in printed
        token = link.group(2)
        with httpx.Client(base_url=url) as client:
            chosen = client.post("/api/setup", json={"token": token, "password": PASSWORD})
            again = client.post("/api/setup", json={"token": token, "password": PASSWORD * 2})
            login = client.post("/api/auth/login", json={"password": PASSWORD})

    assert chosen.status_code == 204
    assert again.status_code == 401
    assert login.status_code == 200
    # Chosen once, it survives a restart: no new link, the same password.
    with serving(settings) as url, httpx.Client(base_url=url) as client:
        assert SETUP_LINK.search(capsys.readouterr().out) is None
        assert client.post("/api/auth/login", json={"password": PASSWORD}).status_code == 200


def test_no_setup_link_is_printed_when_the_password_is_configured(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url=database_url, admin_password=PASSWORD, secret_key=SECRET_KEY)

    with serving(settings):
        printed = capsys.readouterr()

    assert "/setup" not in printed.out + printed.err
    assert PASSWORD not in printed.out + printed.err


def test_the_environment_password_wins_and_ends_sessions_when_it_changes(
    database_url: str,
) -> None:
    settings = Settings(database_url=database_url, admin_password=PASSWORD, secret_key=SECRET_KEY)
    with serving(settings) as url, httpx.Client(base_url=url) as client:
        assert client.post("/api/auth/login", json={"password": PASSWORD}).status_code == 200
        cookies = dict(client.cookies)
        assert client.get("/api/auth/me").status_code == 200

    changed = msgspec.structs.replace(settings, admin_password="another-password-42")
    with serving(changed) as url, httpx.Client(base_url=url, cookies=cookies) as client:
        ended = client.get("/api/auth/me")
        old = client.post("/api/auth/login", json={"password": PASSWORD})
        new = client.post("/api/auth/login", json={"password": "another-password-42"})

    assert ended.status_code == 401
    assert old.status_code == 401
    assert new.status_code == 200


def test_openapi_dump_prints_the_same_sorted_document_when_run_twice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump_openapi()
    first = capsys.readouterr().out
    dump_openapi()
    second = capsys.readouterr().out

    assert first == second
    document = json.loads(first)
    assert list(document) == sorted(document)
    assert document["info"]["title"] == "MHC Control Panel API"
    assert "/api/lookup" in document["paths"]


def test_cli_offers_the_web_command_when_parsing_arguments() -> None:
    args = build_parser().parse_args(["web", "--port", "8123", "--no-migrate"])

    assert args.command == "web"
    assert args.port == 8123
    assert args.no_migrate is True
