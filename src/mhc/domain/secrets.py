"""Masking secrets in text: one rule for log lines, error messages and stored examples."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"

# Secrets that look like this are masked even when they were never configured (tokens in URLs).
_TOKEN_SHAPED = (
    re.compile(r"(/events/[^/\s]+/)([^/\s?]+)"),
    re.compile(r"((?:token|password|secret|cookie)=)([^&\s\"']+)", re.IGNORECASE),
    re.compile(r"(Bearer\s+)([A-Za-z0-9._~+/=-]+)", re.IGNORECASE),
)


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace every known secret, and token-shaped parts of URLs, with `***`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for pattern in _TOKEN_SHAPED:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text
