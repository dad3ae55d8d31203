"""render.yaml: the services Render builds, and every setting of the panel accounted for."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from mhc.entrypoints.cli import build_parser
from mhc.entrypoints.settings import ENV_NAMES, Settings, load_settings

ROOT = Path(__file__).parents[2]
BLUEPRINT = ROOT / "render.yaml"
START = "uv run --frozen --no-dev mhc"

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
        "MHC_TRUSTED_PROXY_HOPS",
        "CB_STATS_TOKEN",
        "STATBATE_API_TOKEN",
        "STATBATE_PLUS_SESSION_COOKIE",
        "STATBATE_PLUS_XSRF_TOKEN",
        "MHC_PUSHOVER_TOKEN",
        "MHC_PUSHOVER_USER",
    },
    "mhc-worker": {
        "DATABASE_URL",
        "RUN_MODE",
        "MHC_ENV",
        "MHC_BROADCASTER",
        "MHC_EXCLUDED_USERNAMES",
        "MHC_SECRET_KEY",
        "CB_EVENTS_TOKEN",
        "CB_STATS_TOKEN",
        "STATBATE_API_TOKEN",
        "STATBATE_PLUS_SESSION_COOKIE",
        "STATBATE_PLUS_XSRF_TOKEN",
        "MHC_PUSHOVER_TOKEN",
        "MHC_PUSHOVER_USER",
        "MHC_PUBLIC_URL",
    },
    "mhc-worker-check": {
        "DATABASE_URL",
        "RUN_MODE",
        "MHC_ENV",
        "MHC_BROADCASTER",
        "MHC_SECRET_KEY",
    },
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
    "MHC_ALLOWED_HOSTS": "any name: Render routes only the service's own names to it",
    "MHC_STATBATE_FRESHNESS": "24 hours",
    "MHC_PUSHOVER_BASE_URL": "the production URL is the default",
    "MHC_MAX_OPEN_STREAMS": "16 open streams per web process",
}
# Read by Render's build, not by the panel's settings.
PLATFORM = {"PYTHON_VERSION", "NODE_VERSION"}


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
        elif "fromService" in entry or entry.get("generateValue"):
            environment[key] = "generated-by-render-0123456789abcdef0123456789"
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
        if key == "MHC_SECRET_KEY" and name == "mhc-web":
            assert entry == {"key": key, "generateValue": True}
        elif key == "MHC_SECRET_KEY":
            # One key for every process, the web service's: it seals the tokens set on the
            # Connections page.
            assert entry == {
                "key": key,
                "fromService": {"type": "web", "name": "mhc-web", "envVarKey": key},
            }
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


def test_only_renders_own_proxies_are_trusted_when_the_web_service_counts_clients() -> None:
    web = declared(services()["mhc-web"])

    # Render's edge network, then its proxy: the client is the second entry from the right.
    assert web["MHC_TRUSTED_PROXY_HOPS"] == {"key": "MHC_TRUSTED_PROXY_HOPS", "value": "2"}
    for service in services().values():
        assert "FORWARDED_ALLOW_IPS" not in declared(service)


def test_builds_install_the_pinned_uv_without_the_embedded_database_when_deployed() -> None:
    pinned = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())

    assert pinned is not None
    for service in services().values():
        assert service["buildCommand"].startswith(f"pip install uv=={pinned.group(1)} && ")
    assert f"uv=={pinned.group(1)}" in (ROOT / ".ci" / "run").read_text().replace(
        '"uv==${UV_VERSION}"', f"uv=={pinned.group(1)}"
    )
    assert not any(d.startswith("pgserver") for d in project["project"]["dependencies"])
    assert any(d.startswith("pgserver") for d in project["dependency-groups"]["dev"])
