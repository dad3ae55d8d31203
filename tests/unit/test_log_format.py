"""Production logs are JSON lines for the log platform; development logs are text for people."""

from __future__ import annotations

import json
import logging

import pytest

from mhc.domain.secrets import MASK
from mhc.entrypoints.logs import configure_logging
from mhc.entrypoints.settings import load_settings

TOKEN = "cb-events-token-9f8e7d"

# Every process needs a key of at least 32 bytes in production.
PRODUCTION_KEY = "production-secret-key-0123456789abcdef"


def test_log_format_is_json_when_production_sets_no_format() -> None:
    settings = load_settings(
        {"MHC_ENV": "production", "RUN_MODE": "worker", "MHC_SECRET_KEY": PRODUCTION_KEY},
        env_file=None,
    )

    assert settings.log_format == "json"


def test_log_format_is_text_when_development_sets_no_format() -> None:
    assert load_settings({}, env_file=None).log_format == "text"
    assert load_settings({"MHC_ENV": "development"}, env_file=None).log_format == "text"


@pytest.mark.parametrize(
    ("environment", "chosen"), [("production", "text"), ("development", "json")]
)
def test_log_format_is_the_one_chosen_when_log_format_is_set(environment: str, chosen: str) -> None:
    settings = load_settings(
        {
            "MHC_ENV": environment,
            "RUN_MODE": "worker",
            "LOG_FORMAT": chosen,
            "MHC_SECRET_KEY": PRODUCTION_KEY,
        },
        env_file=None,
    )

    assert settings.log_format == chosen


def test_json_line_carries_level_logger_message_time_and_masked_exception_when_in_production(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(
        {
            "MHC_ENV": "production",
            "RUN_MODE": "worker",
            "CB_EVENTS_TOKEN": TOKEN,
            "MHC_SECRET_KEY": PRODUCTION_KEY,
        },
        env_file=None,
    )
    configure_logging(settings.log_level, settings.log_format, settings.secrets)
    try:
        raise ConnectionError(f"GET /events/hudson_cage/{TOKEN}/ reset by peer")
    except ConnectionError:
        logging.getLogger("mhc.worker").exception("Events API ingestion failed")

    line = json.loads(capsys.readouterr().err.strip())
    assert line["level"] == "error"
    assert line["logger"] == "mhc.worker"
    assert line["message"] == "Events API ingestion failed"
    assert line["time"].endswith("+00:00")
    assert "ConnectionError" in line["exception"]
    assert TOKEN not in line["exception"]
    assert MASK in line["exception"]


def test_text_line_is_readable_when_in_development(capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings({}, env_file=None)
    configure_logging(settings.log_level, settings.log_format, settings.secrets)

    logging.getLogger("mhc.web").info("serving on http://127.0.0.1:8000")

    line = capsys.readouterr().err.strip()
    assert line.endswith("INFO    mhc.web: serving on http://127.0.0.1:8000")
