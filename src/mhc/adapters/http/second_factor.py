"""The second factor's rules: what a TOTP code is, which time step it belongs to, and the
one-time recovery codes that stand in for it when the authenticator app is lost."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp

TOTP_ISSUER = "MHC Control Panel"
TOTP_DIGITS = 6
# Exactly six ASCII digits: str.isdigit() also accepts other scripts' digits ("١٢٣٤٥٦"),
# which the comparison below cannot take.
_TOTP_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_GROUP = 5
_RECOVERY_CODE = re.compile(rf"[{_RECOVERY_ALPHABET}]{{{2 * _RECOVERY_GROUP}}}")


def clean_totp_code(code: str) -> str | None:
    """The code without surrounding spaces when it is six ASCII digits, else None."""
    stripped = code.strip()
    return stripped if _TOTP_CODE.fullmatch(stripped) else None


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code is `code` (allowing one step of clock drift), or None."""
    cleaned = clean_totp_code(code)
    if cleaned is None:
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS)
    current = totp.timecode(now)
    for offset in (0, -1, 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset).encode(), cleaned.encode()):
            return int(current + offset)
    return None


def new_totp_secret() -> tuple[str, str]:
    """A new TOTP secret and the otpauth:// URI an authenticator app scans."""
    secret = pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name="owner", issuer_name=TOTP_ISSUER)
    return secret, uri


def new_recovery_codes() -> list[str]:
    """`RECOVERY_CODES` fresh codes, `xxxxx-xxxxx` (50 random bits each, no look-alikes)."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(2 * _RECOVERY_GROUP))
        codes.append(f"{raw[:_RECOVERY_GROUP]}-{raw[_RECOVERY_GROUP:]}")
    return codes


def recovery_code_digest(code: str) -> bytes | None:
    """The SHA-256 a recovery code is stored as (any case, dashes and spaces ignored); None
    for something that cannot be one."""
    cleaned = re.sub(r"[\s-]", "", code.lower())
    if not _RECOVERY_CODE.fullmatch(cleaned):
        return None
    return hashlib.sha256(cleaned.encode()).digest()
