"""Rules about people that every layer shares."""

from __future__ import annotations

from mhc.domain.models import Role


def merge_roles(known: Role, seen: Role) -> Role:
    """What we know after seeing a person in `seen` role: knowledge is only ever added.

    UNKNOWN gives way to any known role; a viewer seen modelling (or the reverse) is BOTH;
    BOTH stays BOTH.
    """
    if seen in (Role.UNKNOWN, known):
        return known
    if known == Role.UNKNOWN:
        return seen
    return Role.BOTH
