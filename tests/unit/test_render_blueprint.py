"""render.yaml: the services Render builds, and every setting of the panel accounted for."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from mhc.entrypoints.cli import build_parser
from mhc.entrypoints.settings import ENV_NAMES, Settings, load_settings

BLUEPRINT = Path(__file__).parents[2] / "render.yaml"
START = "uv run --no-dev mhc"

# What each service reads and production cannot leave to its default.
NEEDED = {
    "mhc-web": {
        "DATABASE_URL",
        "RUN_MODE",
        "MHC_ENV",
        "HOST",
        "MHC_BROADCASTER",
        "MHC_EXCLUDED_USERNAMES",
        "MHC_TIMEZONE",
        "MHC_ADMIN_PASSWORD",
        "MHC_SECRET_KEY",
        "CB_STATS_TOKEN",
        "STATBATE_API_TOKEN",
        "STATBATE_PLUS_SESSION_COOKIE",
        "STATBATE_PLUS_XSRF_TOKEN",
        "MHC_PUSHOVER_TOKEN",
        "MHC_PUSHOVER_USER",
        "MHC_PUBLIC_URL",
    },
    "mhc-worker": {
        "DATABASE_URL",
        "RUN_MODE",
        "MHC_ENV",
        "MHC_BROADCASTER",
        "MHC_EXCLUDED_USERNAMES",
        "CB_EVENTS_TOKEN",
        "CB_STATS_TOKEN",
        "STATBATE_API_TOKEN",
        "STATBATE_PLUS_SESSION_COOKIE",
        "STATBATE_PLUS_XSRF_TOKEN",
        "MHC_PUSHOVER_TOKEN",
        "MHC_PUSHOVER_USER",
        "MHC_PUBLIC_URL",
    },
    "mhc-worker-check": {"DATABASE_URL", "RUN_MODE", "MHC_ENV", "MHC_BROADCASTER"},
}
# Settings left to their defaults on Render on purpose, and why.
DEFAULTED = {
    "MHC_DATA_DIR": "only the embedded database lives there; Render's comes from DATABASE_URL",
    "PORT": "Render sets it for web services",
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "json, the default in production",
    "CB_EVENTS_BASE_URL": "the production URL is the default",
    "CB_STATS_BASE_URL": "the production URL is the default",
    "STATBATE_API_BASE_URL": "the production URL is the default",
    "STATBATE_PLUS_BASE_URL": "the production URL is the default",
    "STATBATE_SITE": "chaturbate",
    "MHC_WATCHLIST_SNAPSHOT_MINUTES": "hourly",
    "MHC_CB_STATS_POLL_MINUTES": "every 5 minutes, as often as the Stats API refreshes",
    "MHC_STATBATE_FRESHNESS": "24 hours",
    "MHC_PUSHOVER_BASE_URL": "the production URL is the default",
}
# Read by Render's build or by uvicorn, not by the panel's settings.
PLATFORM = {"PYTHON_VERSION", "NODE_VERSION", "FORWARDED_ALLOW_IPS"}


def load_blueprint() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(BLUEPRINT.read_text())
    return document


def services() -> dict[str, dict[str, Any]]:
    return {service["name"]: service for service in load_blueprint()["services"]}


def declared(service: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["key"]: entry for entry in service["envVars"]}


def secret_variables() -> set[str]:
    """The variables whose values the settings mask as secrets."""
    secret = set()
    for name, field in ENV_NAMES.items():
        marker = f"marker-of-{name}"
        if marker in Settings(**{field: marker}).secrets:
            secret.add(name)
    return secret


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    """The environment Render gives the service once the owner has typed in the secrets."""
    environment = {}
    for key, entry in declared(service).items():
        if "value" in entry:
            environment[key] = str(entry["value"])
        elif "fromDatabase" in entry:
            environment[key] = "postgresql://mhc:generated@dpg-example-a/mhc"
        else:
            environment[key] = f"{key.lower()}-typed-in-by-the-owner-0123456789"
    return environment


def test_every_setting_is_declared_where_used_or_deliberately_left_to_its_default() -> None:
    needed_somewhere = set().union(*NEEDED.values())

    assert needed_somewhere | set(DEFAULTED) == set(ENV_NAMES)
    assert not needed_somewhere & set(DEFAULTED)
    for name, service in services().items():
        keys = set(declared(service))
        assert keys - PLATFORM == NEEDED[name], name
        assert len(keys) == len(service["envVars"]), f"{name} declares a variable twice"


@pytest.mark.parametrize("name", sorted(NEEDED))
def test_secrets_are_asked_for_or_generated_when_a_service_declares_them(name: str) -> None:
    secrets = secret_variables()
    assert secrets >= {"MHC_ADMIN_PASSWORD", "CB_EVENTS_TOKEN", "STATBATE_PLUS_XSRF_TOKEN"}

    for key, entry in declared(services()[name]).items():
        if key not in secrets:
            assert entry.get("sync") is not False, f"{key} is not a secret"
            continue
        assert "value" not in entry, f"{key} would be committed"
        if key == "MHC_SECRET_KEY":
            assert entry == {"key": key, "generateValue": True}
        else:
            assert entry == {"key": key, "sync": False}


def test_database_url_comes_from_the_blueprints_database_when_any_service_connects() -> None:
    (database,) = load_blueprint()["databases"]

    for service in services().values():
        entry = declared(service)["DATABASE_URL"]
        assert entry == {
            "key": "DATABASE_URL",
            "fromDatabase": {"name": database["name"], "property": "connectionString"},
        }


def test_web_and_worker_start_mhc_and_run_mode_picks_the_process_when_deployed() -> None:
    web, worker = services()["mhc-web"], services()["mhc-worker"]

    assert (web["type"], worker["type"]) == ("web", "worker")
    assert web["startCommand"] == worker["startCommand"] == START
    assert declared(web)["RUN_MODE"]["value"] == "web"
    assert declared(worker)["RUN_MODE"]["value"] == "worker"
    assert web["healthCheckPath"] == "/api/health"
    assert web["preDeployCommand"] == f"{START} migrate up"
    assert "npm run build" in web["buildCommand"]
    for service in services().values():
        assert service["runtime"] == "python"
        assert "uv sync --frozen --no-dev" in service["buildCommand"]


def test_cron_checks_the_worker_heartbeat_every_ten_minutes_when_deployed() -> None:
    check = services()["mhc-worker-check"]

    assert check["type"] == "cron"
    assert check["schedule"] == "*/10 * * * *"
    assert check["startCommand"] == f"{START} worker --check"


@pytest.mark.parametrize("name", sorted(NEEDED))
def test_each_service_starts_with_its_declared_variables_when_the_secrets_are_filled_in(
    name: str,
) -> None:
    service = services()[name]

    settings = load_settings(environment_of(service), env_file=None)
    argv = shlex.split(service["startCommand"])[len(shlex.split(START)) :]
    args = build_parser().parse_args(argv)

    assert settings.is_production
    assert settings.log_format == "json"
    assert settings.database_url is not None
    if args.command is None:
        assert settings.run_mode == service["type"]
    else:
        assert (args.command, args.check, settings.run_mode) == ("worker", True, "worker")
