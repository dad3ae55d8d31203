"""People: find-or-create by username (alias-aware), roles, exclusion, aliases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mhc.domain.errors import Conflict, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Alias, Person, Platform, Role
from mhc.domain.people import merge_roles
from mhc.domain.usernames import normalize_username
from mhc.domain.watchlists import EXCLUDED
from mhc.ports.clock import Clock
from mhc.ports.uow import UnitOfWork, UnitOfWorkFactory
from mhc.services.guards import require_person


async def find_or_create_person(
    uow: UnitOfWork,
    exclusion: ExclusionPolicy,
    clock: Clock,
    username: str,
    platform: Platform = Platform.CHATURBATE,
    role: Role = Role.UNKNOWN,
    seen_at: datetime | None = None,
) -> Person:
    """The person with this username or alias, seen now (or at `seen_at`: a pasted message's
    time); created (maybe excluded) if new."""
    name = normalize_username(username)
    now = clock.now() if seen_at is None else seen_at
    known = await uow.people.find_by_username(name, platform)
    if known is not None:
        return await uow.people.touch(known.id, role=merge_roles(known.role, role), seen_at=now)
    excluded = exclusion.is_excluded(name)
    try:
        person = await uow.people.insert(
            username=name, platform=platform, role=role, is_excluded=excluded, seen_at=now
        )
    except Conflict:
        # Another process (the worker's ingestion, a scheduled job) created the same person
        # between our read and our insert; the transaction is still usable, so use theirs.
        raced = await uow.people.find_by_username(name, platform)
        if raced is None:
            raise
        return await uow.people.touch(raced.id, role=merge_roles(raced.role, role), seen_at=now)
    if excluded:
        excluded_list = await uow.watchlists.get_by_name(EXCLUDED)
        if excluded_list is None:
            raise NotFound(f"the built-in watchlist {EXCLUDED!r} is missing")
        await uow.watchlists.add_member(excluded_list.id, person.id)
    return person


async def held_in_batch_order(uow: UnitOfWork, names: Iterable[str]) -> list[str]:
    """`names` sorted, once each, with the persons they name held in the order of their ids: the
    order a worker's batch takes persons in (touching the known by id, creating the new by name).
    A transaction that then finds or creates them one at a time, in this order, cannot deadlock
    with a batch over the same people (a show's chat pasted during the show)."""
    ordered = sorted(set(names))
    await uow.people.lock(ordered, Platform.CHATURBATE)
    return ordered


async def find_person_by_username(
    uow: UnitOfWork, username: str, platform: Platform = Platform.CHATURBATE
) -> Person | None:
    """The person whose username or alias this is; None if nobody."""
    return await uow.people.find_by_username(normalize_username(username), platform)


async def add_person_alias(uow: UnitOfWork, person_id: int, alias: str) -> Alias:
    """Record another name of a person; Conflict when the name is anyone's name already."""
    person = await require_person(uow, person_id)
    name = normalize_username(alias)
    owner = await uow.people.find_by_username(name, person.platform)
    if owner is not None:
        raise Conflict(f"{name!r} is already the username or an alias of {owner.username!r}")
    return await uow.people.add_alias(person.id, name, person.platform)


class PeopleService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, exclusion: ExclusionPolicy, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._exclusion = exclusion
        self._clock = clock

    async def find_or_create(
        self, username: str, platform: Platform = Platform.CHATURBATE, role: Role = Role.UNKNOWN
    ) -> Person:
        async with self._uow_factory() as uow:
            person = await find_or_create_person(
                uow, self._exclusion, self._clock, username, platform, role
            )
            await uow.commit()
        return person

    async def open(self, username: str, role: Role = Role.UNKNOWN) -> tuple[Person, bool]:
        """The person of a name, created when the owner opens one never seen (then True).

        Opening a known person changes nothing about them: it is not a sighting.
        """
        name = normalize_username(username)
        async with self._uow_factory() as uow:
            known = await uow.people.find_by_username(name, Platform.CHATURBATE)
            if known is not None:
                return known, False
            person = await find_or_create_person(uow, self._exclusion, self._clock, name, role=role)
            await uow.commit()
        return person, True

    async def find_by_id(self, person_id: int) -> Person:
        """The person; NotFound if there is none with this id."""
        async with self._uow_factory() as uow:
            return await require_person(uow, person_id)

    async def find_by_username(
        self, username: str, platform: Platform = Platform.CHATURBATE
    ) -> Person | None:
        async with self._uow_factory() as uow:
            return await find_person_by_username(uow, username, platform)

    async def add_alias(self, person_id: int, alias: str) -> Alias:
        async with self._uow_factory() as uow:
            added = await add_person_alias(uow, person_id, alias)
            await uow.commit()
        return added

    async def list_aliases(self, person_id: int) -> list[Alias]:
        async with self._uow_factory() as uow:
            await require_person(uow, person_id)
            return await uow.people.list_aliases(person_id)
