"""Exports of the owner's data (one JSON document, or a ZIP of one CSV file per table) and the
audit list of erasures.

An export streams from one consistent snapshot as it is read, so its size is not limited by
memory. An unknown person or format is refused before the first byte is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from litestar import Controller, get
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Operation, Schema
from litestar.openapi.spec.response import OpenAPIResponse
from litestar.params import QueryParameter
from litestar.response import Stream

from mhc.adapters.http.controllers.params import Injected, Limit, Offset, PersonId
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.export import ErasurePage, ExportDocumentOut
from mhc.adapters.http.zip_stream import zip_stream
from mhc.services.erasure import ErasureService
from mhc.services.exports import ExportPlan, ExportService

ExportFormat = Literal["json", "csv"]
FormatQuery = Annotated[
    ExportFormat,
    QueryParameter(
        description="json: one document; csv: a ZIP archive of one CSV file per table",
    ),
]
JSON_MEDIA_TYPE = "application/json"
ZIP_MEDIA_TYPE = "application/zip"

_EXPORT_RESPONSES = {
    **PROBLEM_RESPONSES,
    200: ResponseSpec(
        data_container=ExportDocumentOut,
        media_type=JSON_MEDIA_TYPE,
        description=(
            "An attachment: the JSON document (format=json), or a ZIP archive of one CSV file "
            "per table, with a header line (format=csv)."
        ),
        generate_examples=False,
    ),
}


@dataclass
class JsonOrZipOperation(Operation):
    """The export operations' 200 answer is JSON or, for format=csv, a ZIP archive; Litestar
    documents one media type per status, so the second is added here."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            archive = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            ok.content[ZIP_MEDIA_TYPE] = OpenAPIMediaType(schema=archive)


class ExportController(Controller):
    path = "/export"
    tags = ["export"]

    @get(
        operation_id="exportAll",
        responses=_EXPORT_RESPONSES,
        operation_class=JsonOrZipOperation,
    )
    async def export_all(
        self, exports: Injected[ExportService], format: FormatQuery = "json"
    ) -> Stream:
        """Everything the panel knows, never credentials, as one attachment."""
        return _attachment(exports, await exports.plan(), format)


class PersonExportController(Controller):
    path = "/person/{person_id:int}/export"
    tags = ["export"]

    @get(
        operation_id="exportPerson",
        responses=_EXPORT_RESPONSES,
        operation_class=JsonOrZipOperation,
    )
    async def export_person(
        self,
        person_id: PersonId,
        exports: Injected[ExportService],
        format: FormatQuery = "json",
    ) -> Stream:
        """Everything about one person (their rows, and the sessions and watchlists those rows
        point to) as one attachment; 404 for an unknown person."""
        return _attachment(exports, await exports.plan(person_id), format)


class ErasuresController(Controller):
    path = "/erasures"
    tags = ["export"]

    @get(operation_id="listErasures", responses=PROBLEM_RESPONSES)
    async def erasures(
        self, erasures: Injected[ErasureService], limit: Limit = 50, offset: Offset = 0
    ) -> ErasurePage:
        """The audit of `mhc forget`, newest first: when, who, why and how many rows went."""
        page = await erasures.history(limit=limit, offset=offset)
        return present(page, ErasurePage)


def _attachment(exports: ExportService, plan: ExportPlan, export_format: ExportFormat) -> Stream:
    person_id = None if plan.person is None else plan.person.id
    body: AsyncIterator[bytes]
    if export_format == "json":
        body, media_type, extension = _json(exports, person_id), JSON_MEDIA_TYPE, "json"
    else:
        body, media_type, extension = _zip(exports, person_id, plan.at), ZIP_MEDIA_TYPE, "zip"
    return Stream(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{plan.name}.{extension}"'},
    )


async def _json(exports: ExportService, person_id: int | None) -> AsyncIterator[bytes]:
    async with exports.open(person_id) as export:
        async for chunk in exports.json_document(export):
            yield chunk


async def _zip(
    exports: ExportService, person_id: int | None, now: datetime
) -> AsyncIterator[bytes]:
    async with exports.open(person_id) as export:
        entries = ((f"{table}.csv", export.csv(table)) for table in export.tables)
        async for chunk in zip_stream(entries, modified=now):
            yield chunk
