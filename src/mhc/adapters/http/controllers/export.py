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
from mhc.adapters.http.dependencies import AppDependencies
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.export import ErasurePage, ExportDocumentOut
from mhc.adapters.http.zip_stream import zip_stream
from mhc.services.exports import ExportService

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
        self, app_deps: Injected[AppDependencies], format: FormatQuery = "json"
    ) -> Stream:
        """Everything the panel knows, never credentials, as one attachment."""
        return _attachment(app_deps, None, format, name="mhc-export")


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
        app_deps: Injected[AppDependencies],
        format: FormatQuery = "json",
    ) -> Stream:
        """Everything about one person (their rows, and the sessions and watchlists those rows
        point to) as one attachment; 404 for an unknown person."""
        person = await app_deps.people.find_by_id(person_id)
        name = f"mhc-export-{person.username}"
        return _attachment(app_deps, person.id, format, name=name)


class ErasuresController(Controller):
    path = "/erasures"
    tags = ["export"]

    @get(operation_id="listErasures", responses=PROBLEM_RESPONSES)
    async def erasures(
        self, app_deps: Injected[AppDependencies], limit: Limit = 50, offset: Offset = 0
    ) -> ErasurePage:
        """The audit of `mhc forget`, newest first: when, who, why and how many rows went."""
        page = await app_deps.erasures.history(limit=limit, offset=offset)
        return present(page, ErasurePage)


def _attachment(
    deps: AppDependencies, person_id: int | None, export_format: ExportFormat, *, name: str
) -> Stream:
    now = deps.clock.now()
    body: AsyncIterator[bytes]
    if export_format == "json":
        body, media_type, extension = _json(deps.exports, person_id), JSON_MEDIA_TYPE, "json"
    else:
        body, media_type, extension = _zip(deps.exports, person_id, now), ZIP_MEDIA_TYPE, "zip"
    file_name = f"{name}-{now:%Y-%m-%d}.{extension}"
    return Stream(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
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
