"""`mhc web` as it runs: the entrypoint's app under uvicorn, the owner's credentials, the
OpenAPI dump and the CLI registration."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from mhc.domain.errors import ConfigurationError
from mhc.entrypoints.cli import build_parser
from mhc.entrypoints.container import Container
from mhc.entrypoints.openapi_dump import main as dump_openapi
from mhc.entrypoints.settings import Settings
from mhc.entrypoints.web import OwnerCredentials, build_app

PASSWORD = "lantern-harbour-19"


@pytest.fixture
def served(database_url: str) -> Iterator[str]:
    """The entrypoint's app (real argon2 hash, migrations at start-up) under uvicorn."""
    settings = Settings(
        database_url=database_url,
        admin_password=PASSWORD,
        secret_key="entrypoint-test-secret-key-0123456789",
    )
    app = build_app(settings, Container(settings=settings), spa_dir=None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None))
    thread = threading.Thread(target=server.run, name="mhc-web", daemon=True)
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


def test_credentials_log_a_generated_password_once_when_none_is_set_in_development(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)

    credentials = OwnerCredentials(Settings(environment="development"))

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    generated = record.getMessage().split("generated password ")[1].split(" ")[0]
    assert len(generated) >= 16
    assert credentials.password_hash.startswith("$argon2id$")
    assert generated not in credentials.password_hash
    assert credentials.secret_key


def test_credentials_log_nothing_when_the_password_is_configured(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    OwnerCredentials(Settings(admin_password=PASSWORD, secret_key="s" * 40))

    assert PASSWORD not in caplog.text
    assert caplog.records == []


def test_credentials_refuse_when_production_has_no_password() -> None:
    with pytest.raises(ConfigurationError, match="MHC_ADMIN_PASSWORD"):
        OwnerCredentials(Settings(environment="production", secret_key="s" * 40))


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
