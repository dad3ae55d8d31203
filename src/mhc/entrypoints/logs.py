"""Structured logging with levels; every configured secret is masked in every line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

from mhc.domain.secrets import mask_secrets


class SecretMaskingFilter(logging.Filter):
    """Renders each record's message and masks it before any handler sees it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def add(self, secret: str) -> None:
        """Mask one more value from now on (a credential read from the database)."""
        if secret and secret not in self.secrets:
            self.secrets = (*self.secrets, secret)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_secrets(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets(
                logging.Formatter().formatException(record.exc_info), self.secrets
            )
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str)


def configure_logging(level: str, fmt: str, secrets: Iterable[str]) -> None:
    """Install one stderr handler on the root logger, masking `secrets`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(SecretMaskingFilter(secrets))
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "psycopg.pool", "pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def mask_in_logs(secret: str) -> None:
    """Mask `secret` in every line the installed handlers write from now on."""
    for handler in logging.getLogger().handlers:
        for installed in handler.filters:
            if isinstance(installed, SecretMaskingFilter):
                installed.add(secret)
