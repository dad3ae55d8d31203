"""Fetching a person's Statbate profile (tag spending, top models, site-wide activity) on
demand, so the analysis can speak of their tag preferences and tipping hours."""

from __future__ import annotations

from litestar import Controller, post
from litestar.openapi import ResponseSpec

from mhc.adapters.http.controllers.params import Injected, PersonId
from mhc.adapters.http.problems import PROBLEM_MEDIA_TYPE, PROBLEM_RESPONSES, Problem
from mhc.adapters.http.schemas.statbate_profile import ProfilePartOut, StatbateProfileOut
from mhc.services.capture import CaptureService, ProfileCaptureResult

RESPONSES = {
    **PROBLEM_RESPONSES,
    502: ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description="Statbate failed on every part (problem details; logged as an API failure)",
        generate_examples=False,
    ),
}


class StatbateProfileController(Controller):
    path = "/person/{person_id:int}/statbate-profile"
    tags = ["analysis"]

    @post(operation_id="captureStatbateProfile", status_code=200, responses=RESPONSES)
    async def capture(
        self, person_id: PersonId, capture: Injected[CaptureService]
    ) -> StatbateProfileOut:
        """Snapshot the person's Statbate tag spending, top models and activity; a part Statbate
        does not know or fails on is reported and the rest kept. 409 for an excluded person
        (never sent to Statbate), 502 when every part fails."""
        return _present(await capture.capture_person_profile(person_id))


def _present(result: ProfileCaptureResult) -> StatbateProfileOut:
    return StatbateProfileOut(
        username=result.username,
        person_id=result.person_id,
        parts=[
            ProfilePartOut(
                part=part.part,
                outcome=part.outcome,
                snapshot_id=None if part.snapshot is None else part.snapshot.id,
                captured_at=None if part.snapshot is None else part.snapshot.captured_at,
                normalized_metrics=None
                if part.snapshot is None
                else part.snapshot.normalized_metrics,
                detail=part.detail,
            )
            for part in result.parts
        ],
    )
