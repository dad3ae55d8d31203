"""Forgetting a person: the plan shown for confirmation, the audited erasure, the audit list.

Erasure is the one exception to append-only: the person and every row about them go in one
transaction, and the audit keeps who, when, why and how many rows, never the name itself: only
its keyed digest, which lets an import recognise the name and leave it out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

import msgspec

from mhc.domain.credentials import erased_name_digest
from mhc.domain.errors import Conflict, InvalidInput, NotFound
from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.models import Person
from mhc.domain.usernames import normalize_username
from mhc.ports.erasures import ErasureRecord, ErasureStore
from mhc.ports.read_models import Page
from mhc.ports.uow import UnitOfWorkFactory
from mhc.services.guards import check_page
from mhc.services.people import find_person_by_username

REASON_MAX_LENGTH = 500
ACTOR_MAX_LENGTH = 200
HISTORY_MAX_LIMIT = 500


def username_sha256(username: str) -> str:
    """The SHA-256 (hex) of the normalised username: what audits kept before the digests were
    keyed, still matched when an import asks whether a name was erased."""
    return hashlib.sha256(normalize_username(username).encode()).hexdigest()


class ErasurePlan(msgspec.Struct, frozen=True, kw_only=True):
    """Who would be forgotten, and the rows of each table that would go with them."""

    person: Person
    counts: dict[str, int]


class ErasureService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        store: ErasureStore,
        exclusion: ExclusionPolicy,
        broadcaster: str,
        secret_key: str,
    ) -> None:
        self._uow_factory = uow_factory
        self._store = store
        self._exclusion = exclusion
        self._broadcaster = normalize_username(broadcaster)
        self._key = secret_key.encode()

    async def plan(self, name: str) -> ErasurePlan:
        """The person with this username or alias and what erasing them would delete.

        NotFound for an unknown name; Conflict for the broadcaster and for an excluded name,
        which the configuration keeps on purpose.
        """
        normalized = normalize_username(name)
        async with self._uow_factory() as uow:
            person = await find_person_by_username(uow, normalized)
        if person is None:
            raise NotFound(
                f"nobody named {normalized} is known (neither a username nor an alias): "
                "nothing to forget"
            )
        if person.username == self._broadcaster:
            raise Conflict(
                f"{person.username} is the broadcaster (MHC_BROADCASTER): the room's own "
                "history is not forgotten this way"
            )
        if self._exclusion.is_excluded(person.username):
            raise Conflict(
                f"{person.username} is excluded (MHC_EXCLUDED_USERNAMES), so the panel keeps "
                "them on purpose and would recreate them at the next event; take the name off "
                "that list first to forget them"
            )
        return ErasurePlan(person=person, counts=await self._store.preview(person.id))

    async def plan_person(self, person_id: int) -> ErasurePlan:
        """The plan for the person with this id (NotFound, Conflict as `plan`)."""
        async with self._uow_factory() as uow:
            person = await uow.people.get(person_id)
        if person is None:
            raise NotFound(f"person {person_id} does not exist")
        return await self.plan(person.username)

    async def erase(self, plan: ErasurePlan, *, actor: str, reason: str | None) -> ErasureRecord:
        """Erase the planned person and everything about them, audited; the counts are those
        actually deleted (rows recorded since the plan go too)."""
        actor = actor.strip()
        if not 1 <= len(actor) <= ACTOR_MAX_LENGTH:
            raise InvalidInput(
                f"the actor must be 1 to {ACTOR_MAX_LENGTH} characters", field="actor"
            )
        reason = (reason or "").strip() or None
        if reason is not None and len(reason) > REASON_MAX_LENGTH:
            raise InvalidInput(
                f"the reason has at most {REASON_MAX_LENGTH} characters", field="reason"
            )
        return await self._store.erase(
            plan.person.id,
            actor=actor,
            reason=reason,
            username_hmac=erased_name_digest(plan.person.username, self._key),
        )

    async def erased_among(self, names: Collection[str]) -> set[str]:
        """Those of `names` (normalised) that an erasure forgot."""
        wanted = {normalize_username(name) for name in names}
        if not wanted:
            return set()
        keyed = {erased_name_digest(name, self._key): name for name in wanted}
        bare = {username_sha256(name): name for name in wanted}
        found = await self._store.erased(hmacs=sorted(keyed), sha256s=sorted(bare))
        return {keyed.get(digest) or bare[digest] for digest in found}

    async def history(self, *, limit: int = 50, offset: int = 0) -> Page[ErasureRecord]:
        """Audited erasures, newest first."""
        check_page(limit, offset, max_limit=HISTORY_MAX_LIMIT)
        return await self._store.history(limit=limit, offset=offset)
