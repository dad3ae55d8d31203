"""Viewers inserted straight through the repositories, for tests that need someone to own rows."""

from __future__ import annotations

from datetime import datetime

from mhc.adapters.postgres.uow import PostgresUnitOfWork
from mhc.domain.models import Person, Platform, Role


async def insert_viewer(uow: PostgresUnitOfWork, username: str, seen_at: datetime) -> Person:
    return await uow.people.insert(
        username=username,
        platform=Platform.CHATURBATE,
        role=Role.VIEWER,
        is_excluded=False,
        seen_at=seen_at,
    )
