"""Settings from the environment (and an optional `.env`), validated all at once."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Literal

import msgspec
from dotenv import dotenv_values

from mhc.domain.credentials import MIN_PASSWORD_LENGTH, MIN_SECRET_KEY_BYTES
from mhc.domain.errors import ConfigurationError

RunMode = Literal["web", "worker", "migrate"]
# Where `make frontend` builds the single-page app that `mhc web` serves at /.
DEFAULT_SPA_DIR = Path("frontend/dist")

PRODUCTION_URLS = {
    "CB_EVENTS_BASE_URL": "https://eventsapi.chaturbate.com",
    "CB_STATS_BASE_URL": "https://chaturbate.com",
    "STATBATE_API_BASE_URL": "https://plus.statbate.com/api",
    "STATBATE_PLUS_BASE_URL": "https://plus.statbate.com",
    "MHC_PUSHOVER_BASE_URL": "https://api.pushover.net",
}


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every setting of the panel. Secrets are plain strings here and masked when logged."""

    database_url: str | None = None
    run_mode: RunMode = "web"
    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path(".mhc")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # load_settings makes it json in production unless LOG_FORMAT says otherwise.
    log_format: Literal["json", "text"] = "text"
    broadcaster: str = "hudson_cage"
    excluded_usernames: tuple[str, ...] = ("smk_lover",)
    timezone: str = "UTC"
    admin_password: str | None = None
    secret_key: str | None = None
    # How many proxies stand between the clients and the web process (2 on Render: its edge
    # and its proxy); 0 when clients connect directly. See adapters/http/edge.py.
    trusted_proxy_hops: int = 0
    # Live streams (radar and alerts) one web process keeps open at once; more get a 429.
    max_open_streams: int = 16
    # Host names the web process answers to; empty: loopback names when bound to loopback,
    # any name otherwise.
    allowed_hosts: tuple[str, ...] = ()
    # The address the owner opens the panel at: the first-run setup link and the alerts' links.
    public_url: str | None = None
    cb_events_token: str | None = None
    cb_events_base_url: str = PRODUCTION_URLS["CB_EVENTS_BASE_URL"]
    cb_stats_token: str | None = None
    cb_stats_base_url: str = PRODUCTION_URLS["CB_STATS_BASE_URL"]
    statbate_api_token: str | None = None
    statbate_api_base_url: str = PRODUCTION_URLS["STATBATE_API_BASE_URL"]
    statbate_plus_base_url: str = PRODUCTION_URLS["STATBATE_PLUS_BASE_URL"]
    statbate_plus_session_cookie: str | None = None
    statbate_plus_xsrf_token: str | None = None
    statbate_site: str = "chaturbate"
    watchlist_snapshot_minutes: int = 60
    cb_stats_poll_minutes: int = 5
    # Automatic look-ups and alerts: how long a Statbate snapshot counts as current, and the
    # phone notifications (their links point at public_url).
    statbate_freshness: timedelta = timedelta(hours=24)
    pushover_token: str | None = None
    pushover_user: str | None = None
    pushover_base_url: str = PRODUCTION_URLS["MHC_PUSHOVER_BASE_URL"]

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value, for log masking."""
        values = (
            self.admin_password,
            self.secret_key,
            self.cb_events_token,
            self.cb_stats_token,
            self.statbate_api_token,
            self.statbate_plus_session_cookie,
            self.statbate_plus_xsrf_token,
            self.pushover_token,
            self.pushover_user,
        )
        return tuple(v for v in values if v)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


# Environment variable -> Settings field. Documented one by one in .env.example.
ENV_NAMES: dict[str, str] = {
    "DATABASE_URL": "database_url",
    "RUN_MODE": "run_mode",
    "MHC_ENV": "environment",
    "MHC_DATA_DIR": "data_dir",
    "HOST": "host",
    "PORT": "port",
    "LOG_LEVEL": "log_level",
    "LOG_FORMAT": "log_format",
    "MHC_BROADCASTER": "broadcaster",
    "MHC_EXCLUDED_USERNAMES": "excluded_usernames",
    "MHC_TIMEZONE": "timezone",
    "MHC_ADMIN_PASSWORD": "admin_password",
    "MHC_SECRET_KEY": "secret_key",
    "MHC_TRUSTED_PROXY_HOPS": "trusted_proxy_hops",
    "MHC_MAX_OPEN_STREAMS": "max_open_streams",
    "MHC_ALLOWED_HOSTS": "allowed_hosts",
    "MHC_PUBLIC_URL": "public_url",
    "CB_EVENTS_TOKEN": "cb_events_token",
    "CB_EVENTS_BASE_URL": "cb_events_base_url",
    "CB_STATS_TOKEN": "cb_stats_token",
    "CB_STATS_BASE_URL": "cb_stats_base_url",
    "STATBATE_API_TOKEN": "statbate_api_token",
    "STATBATE_API_BASE_URL": "statbate_api_base_url",
    "STATBATE_PLUS_BASE_URL": "statbate_plus_base_url",
    "STATBATE_PLUS_SESSION_COOKIE": "statbate_plus_session_cookie",
    "STATBATE_PLUS_XSRF_TOKEN": "statbate_plus_xsrf_token",
    "STATBATE_SITE": "statbate_site",
    "MHC_WATCHLIST_SNAPSHOT_MINUTES": "watchlist_snapshot_minutes",
    "MHC_CB_STATS_POLL_MINUTES": "cb_stats_poll_minutes",
    "MHC_STATBATE_FRESHNESS": "statbate_freshness",
    "MHC_PUSHOVER_TOKEN": "pushover_token",
    "MHC_PUSHOVER_USER": "pushover_user",
    "MHC_PUSHOVER_BASE_URL": "pushover_base_url",
}

_INT_FIELDS = {
    "port",
    "watchlist_snapshot_minutes",
    "cb_stats_poll_minutes",
    "trusted_proxy_hops",
    "max_open_streams",
}
# Whole numbers that may be 0.
_COUNT_FIELDS = {"trusted_proxy_hops"}
MAX_PROXY_HOPS = 10
MAX_OPEN_STREAMS_LIMIT = 1000
_CHOICES: dict[str, tuple[str, ...]] = {
    "run_mode": ("web", "worker", "migrate"),
    "environment": ("development", "production"),
    "log_format": ("json", "text"),
    "log_level": ("DEBUG", "INFO", "WARNING", "ERROR"),
}
_URL_FIELDS = {
    "public_url",
    "cb_events_base_url",
    "cb_stats_base_url",
    "statbate_api_base_url",
    "statbate_plus_base_url",
    "pushover_base_url",
}
# "24h", "90m", "2d", "45s" (or a bare number of hours).
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 3600}


def parse_duration(text: str) -> timedelta | None:
    """A duration such as `24h`, `90m`, `2d` or `6` (hours); None when it is not one."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        return None
    seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2).lower()]
    return timedelta(seconds=seconds) if seconds > 0 else None


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")
) -> Settings:
    """Read settings from `environ` (default: the process environment) over an optional `.env`.

    Raises ConfigurationError listing every problem at once.
    """
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ if environ is None else environ)

    values: dict[str, object] = {}
    problems: list[str] = []
    for env_name, field in ENV_NAMES.items():
        raw = merged.get(env_name)
        if raw is None or raw.strip() == "":
            continue
        raw = raw.strip()
        if field in _INT_FIELDS:
            try:
                number = int(raw)
            except ValueError:
                problems.append(f"{env_name} must be a whole number, got {raw!r}")
                continue
            low = 0 if field in _COUNT_FIELDS else 1
            high = {
                "port": 65535,
                "trusted_proxy_hops": MAX_PROXY_HOPS,
                "max_open_streams": MAX_OPEN_STREAMS_LIMIT,
            }.get(field)
            if number < low or (high is not None and number > high):
                problems.append(f"{env_name} is out of range: {number}")
                continue
            values[field] = number
        elif field in _CHOICES:
            normalised = raw.upper() if field == "log_level" else raw.lower()
            if normalised not in _CHOICES[field]:
                allowed = ", ".join(_CHOICES[field])
                problems.append(f"{env_name} must be one of {allowed}, got {raw!r}")
                continue
            values[field] = normalised
        elif field == "excluded_usernames":
            values[field] = tuple(
                name.strip().lstrip("@").lower() for name in raw.split(",") if name.strip()
            )
        elif field == "allowed_hosts":
            values[field] = tuple(name.strip().lower() for name in raw.split(",") if name.strip())
        elif field == "data_dir":
            values[field] = Path(raw)
        elif field == "statbate_freshness":
            duration = parse_duration(raw)
            if duration is None:
                problems.append(f"{env_name} must be a duration such as 24h, 90m or 2d")
                continue
            values[field] = duration
        elif field in _URL_FIELDS:
            if not raw.startswith(("http://", "https://")):
                problems.append(f"{env_name} must be an http(s) URL")
                continue
            values[field] = raw.rstrip("/")
        elif field == "database_url":
            if not raw.startswith(("postgres://", "postgresql://")):
                problems.append("DATABASE_URL must be a postgresql:// URL")
                continue
            values[field] = raw
        else:
            values[field] = raw

    if "public_url" not in values and merged.get("RENDER_EXTERNAL_URL", "").startswith("https://"):
        # Render names the service's address itself: the first run's setup link points there.
        values["public_url"] = merged["RENDER_EXTERNAL_URL"].strip().rstrip("/")
    if "log_format" not in values and values.get("environment") == "production":
        # A log platform parses lines; a person at a terminal reads them.
        values["log_format"] = "json"
    settings = Settings(**values)  # type: ignore[arg-type]
    problems.extend(_production_problems(settings))
    if problems:
        raise ConfigurationError(problems)
    return settings


def _production_problems(settings: Settings) -> list[str]:
    """What production refuses, whichever process starts: every process signs, checks or
    decrypts with the secret key, and a configured password must be a strong one."""
    if not settings.is_production:
        return []
    problems = []
    if settings.admin_password is not None and len(settings.admin_password) < MIN_PASSWORD_LENGTH:
        problems.append(
            f"MHC_ADMIN_PASSWORD must have at least {MIN_PASSWORD_LENGTH} characters in production"
        )
    key = settings.secret_key or ""
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        problems.append(
            f"MHC_SECRET_KEY of at least {MIN_SECRET_KEY_BYTES} bytes is required in production"
        )
    return problems
