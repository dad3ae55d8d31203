"""The SecretCipher port with the `cryptography` package: AES-256-GCM under a key derived
from MHC_SECRET_KEY.

- Keys: HKDF-SHA256 over the secret key, with a salt and an `info` label of this use alone,
  so the key that seals connections is unrelated to any other key derived from the same
  secret (browser sessions, CSRF tokens). A second derivation keys the fingerprints.
- Sealed layout: version (1 byte) | key id (8 bytes) | nonce (12 bytes) | ciphertext and tag.
  The key id tells "sealed under another secret key" apart from "altered" in messages; it is
  a hash of the derived key, useless to find the key.
- The connection's name is associated data: a ciphertext copied to another connection's row
  does not open there.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mhc.ports.connections import UnreadableSecret

VERSION = 1
_SALT = b"mhc-control-panel/connections"
_SEAL_INFO = b"mhc connections: AES-256-GCM sealing key v1"
_FINGERPRINT_INFO = b"mhc connections: value fingerprint key v1"
_NONCE_BYTES = 12
_KEY_ID_BYTES = 8
HEADER_BYTES = 1 + _KEY_ID_BYTES + _NONCE_BYTES


def _derive(secret_key: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(
        secret_key.encode()
    )


class _Keys:
    def __init__(self, secret_key: str) -> None:
        if not secret_key:
            raise ValueError("a secret key is needed to seal connection values")
        sealing_key = _derive(secret_key, _SEAL_INFO)
        self.aead = AESGCM(sealing_key)
        self.fingerprint = _derive(secret_key, _FINGERPRINT_INFO)
        self.key_id = hashlib.sha256(b"key id:" + sealing_key).digest()[:_KEY_ID_BYTES]


class SecretBox:
    """Seals and opens connection values under one secret key.

    `secret_key` may be a function that returns it, called on first use only (a development
    machine's key file is then made only once a value is stored or looked at).
    """

    def __init__(self, secret_key: str | Callable[[], str]) -> None:
        self._secret_key = secret_key
        self._derived: _Keys | None = None

    @property
    def _keys(self) -> _Keys:
        if self._derived is None:
            key = self._secret_key
            self._derived = _Keys(key if isinstance(key, str) else key())
        return self._derived

    def seal(self, name: str, plaintext: bytes) -> bytes:
        keys = self._keys
        nonce = os.urandom(_NONCE_BYTES)
        sealed = keys.aead.encrypt(nonce, plaintext, name.encode())
        return bytes([VERSION]) + keys.key_id + nonce + sealed

    def open(self, name: str, sealed: bytes) -> bytes:
        keys = self._keys
        if len(sealed) <= HEADER_BYTES or sealed[0] != VERSION:
            raise UnreadableSecret("not a sealed value of this panel")
        if sealed[1 : 1 + _KEY_ID_BYTES] != keys.key_id:
            raise UnreadableSecret("sealed under another MHC_SECRET_KEY")
        nonce = sealed[1 + _KEY_ID_BYTES : HEADER_BYTES]
        try:
            return keys.aead.decrypt(nonce, sealed[HEADER_BYTES:], name.encode())
        except InvalidTag:
            raise UnreadableSecret("the sealed value was altered") from None

    def fingerprint(self, name: str, plaintext: bytes) -> str:
        message = name.encode() + b"\0" + plaintext
        return hmac.new(self._keys.fingerprint, message, "sha256").hexdigest()[:32]
