"""Authenticated encryption of the values the panel keeps secret at rest."""

from mhc.adapters.crypto.secret_box import SecretBox, load_or_create_key_file

__all__ = ["SecretBox", "load_or_create_key_file"]
