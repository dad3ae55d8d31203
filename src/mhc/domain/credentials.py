"""The owner's credentials' rules that hold everywhere: how long a password and a key must be,
and the keyed digest that stands for a name the panel was asked to forget."""

from __future__ import annotations

import hashlib
import hmac

from mhc.domain.usernames import normalize_username

# OWASP ASVS 2.1.1 asks for at least 12 characters.
MIN_PASSWORD_LENGTH = 12
# As long as the SHA-256 output the key feeds (session and CSRF tokens, erasure digests).
MIN_SECRET_KEY_BYTES = 32


def erased_name_digest(username: str, key: bytes) -> str:
    """HMAC-SHA-256 (hex) of the normalised username: the erasure audit keeps this instead of
    the name. Unlike a bare hash of a public username, nobody without the key can confirm a
    guess against it."""
    name = normalize_username(username).encode()
    return hmac.new(key, b"erased-name:" + name, hashlib.sha256).hexdigest()
