"""Analysis of a person and of a session, the owner's verdict on inferred attributes, and the
rows evidence links open."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from mhc.adapters.http.controllers.params import Injected, PersonId, SessionId, path_id
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.analysis import (
    AnalysisDecisionRequest,
    EvidenceInteractionOut,
    PersonAnalysisOut,
    SessionAnalysisOut,
)
from mhc.adapters.http.schemas.common import AttributeOut, SnapshotOut
from mhc.domain.errors import NotFound
from mhc.ports.evidence import EvidenceReader
from mhc.services.analysis import AnalysisService

IncludeExcluded = Annotated[
    bool,
    QueryParameter(
        name="includeExcluded",
        description="analyse a person on the exclusion list anyway (409 otherwise)",
    ),
]
InteractionId = Annotated[int, path_id("an interaction's id")]
SnapshotId = Annotated[int, path_id("a snapshot's id")]


class PersonAnalysisController(Controller):
    path = "/person/{person_id:int}/analysis"
    tags = ["analysis"]

    @get(operation_id="getPersonAnalysis", responses=PROBLEM_RESPONSES)
    async def person(
        self,
        person_id: PersonId,
        analysis: Injected[AnalysisService],
        include_excluded: IncludeExcluded = False,
    ) -> PersonAnalysisOut:
        """Spending, engagement, loyalty, timing and tags, each insight citing its evidence,
        and the attributes the analysis suggests. 409 for an excluded person unless asked."""
        result = await analysis.person(person_id, include_excluded=include_excluded)
        return present(result, PersonAnalysisOut)

    @post("/accept", operation_id="acceptSuggestion", status_code=200, responses=PROBLEM_RESPONSES)
    async def accept(
        self,
        person_id: PersonId,
        data: JSONBody[AnalysisDecisionRequest],
        analysis: Injected[AnalysisService],
        include_excluded: IncludeExcluded = False,
    ) -> AttributeOut:
        """Store a current suggestion as the person's attribute, with its confidence and first
        evidence; 409 when the analysis does not suggest that key and value (any more)."""
        attribute = await analysis.accept(
            person_id, data.key, data.value, include_excluded=include_excluded
        )
        return present(attribute, AttributeOut)

    @post(
        "/dismiss", operation_id="dismissSuggestion", status_code=204, responses=PROBLEM_RESPONSES
    )
    async def dismiss(
        self,
        person_id: PersonId,
        data: JSONBody[AnalysisDecisionRequest],
        analysis: Injected[AnalysisService],
    ) -> None:
        """Stop suggesting this key and value for the person (another value is still offered)."""
        await analysis.dismiss(person_id, data.key, data.value)


class SessionAnalysisController(Controller):
    path = "/session/{session_id:int}/analysis"
    tags = ["analysis"]

    @get(operation_id="getSessionAnalysis", responses=PROBLEM_RESPONSES)
    async def session(
        self, session_id: SessionId, analysis: Injected[AnalysisService]
    ) -> SessionAnalysisOut:
        """Top tippers, newcomers, returning regulars and the share of visitors who tipped
        (excluded persons and the broadcaster left out)."""
        return present(await analysis.session(session_id), SessionAnalysisOut)


class InteractionController(Controller):
    path = "/interaction"
    tags = ["analysis"]

    @get("/{interaction_id:int}", operation_id="getInteraction", responses=PROBLEM_RESPONSES)
    async def interaction(
        self, interaction_id: InteractionId, evidence: Injected[EvidenceReader]
    ) -> EvidenceInteractionOut:
        """One stored interaction with its person's username (an evidence link)."""
        found = await evidence.interaction(interaction_id)
        if found is None:
            raise NotFound(f"interaction {interaction_id} does not exist")
        return present(found, EvidenceInteractionOut)


class SnapshotController(Controller):
    path = "/snapshot"
    tags = ["analysis"]

    @get("/{snapshot_id:int}", operation_id="getSnapshot", responses=PROBLEM_RESPONSES)
    async def snapshot(
        self,
        snapshot_id: SnapshotId,
        evidence: Injected[EvidenceReader],
        include_raw: Annotated[bool, QueryParameter(name="includeRaw")] = False,
    ) -> SnapshotOut:
        """One stored snapshot (an evidence link); `includeRaw=true` adds the exact response."""
        found = await evidence.snapshot(snapshot_id, include_raw=include_raw)
        if found is None:
            raise NotFound(f"snapshot {snapshot_id} does not exist")
        return present(found, SnapshotOut)
