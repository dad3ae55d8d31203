"""Authenticated encryption of the values the panel keeps secret at rest."""

from mhc.adapters.crypto.secret_box import SecretBox

__all__ = ["SecretBox"]
