"""Log lines never carry a secret."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhc.domain.secrets import MASK, mask_secrets
from mhc.entrypoints.logs import JsonFormatter, SecretMaskingFilter, configure_logging


def test_configured_secret_is_masked_when_logged(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text", ["s3cret-token-value"])
    logging.getLogger("mhc.test").warning("calling with %s", "s3cret-token-value")

    err = capsys.readouterr().err
    assert "s3cret-token-value" not in err
    assert MASK in err


def test_events_url_token_is_masked_when_never_configured() -> None:
    text = "GET https://eventsapi.chaturbate.com/events/hudson_cage/abcDEF123tok/?i=1-0&timeout=10"

    assert "abcDEF123tok" not in mask_secrets(text)
    assert "hudson_cage" in mask_secrets(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://chaturbate.com/statsapi/?username=hudson_cage&token=ABCDEFGHIJKLMNOPQRSTUVWX",
        "Authorization: Bearer sk_live_abcdef",
        "cookie=statbate_plus_session_value",
    ],
)
def test_token_shaped_values_are_masked_when_in_urls_or_headers(text: str) -> None:
    masked = mask_secrets(text)

    assert MASK in masked
    for secret in ("ABCDEFGHIJKLMNOPQRSTUVWX", "sk_live_abcdef", "statbate_plus_session_value"):
        assert secret not in masked


@given(
    secret=st.text(min_size=6, alphabet=st.characters(min_codepoint=33, max_codepoint=126)),
    prefix=st.text(max_size=20),
    suffix=st.text(max_size=20),
)
def test_configured_secret_never_survives_masking_when_embedded_anywhere(
    secret: str, prefix: str, suffix: str
) -> None:
    assert secret not in mask_secrets(prefix + secret + suffix, [secret])


def test_exception_text_is_masked_when_logged_with_traceback() -> None:
    record_filter = SecretMaskingFilter(["tok-999"])
    try:
        raise RuntimeError("failed with tok-999")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom %s", ("tok-999",), None)
        import sys

        record.exc_info = sys.exc_info()
    record_filter.filter(record)

    line = JsonFormatter().format(record)
    assert "tok-999" not in line
    entry = json.loads(line)
    assert entry["level"] == "error"
    assert "RuntimeError" in entry["exception"]
