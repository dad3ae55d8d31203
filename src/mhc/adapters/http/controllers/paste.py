"""Pasted chat: parse it, preview what saving it stores, save it."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from mhc.adapters.http.controllers.params import Injected
from mhc.adapters.http.presenters import present
from mhc.adapters.http.problems import PROBLEM_RESPONSES
from mhc.adapters.http.schemas.paste import (
    FoundNameOut,
    ParsedMessageOut,
    ParsedPasteOut,
    PasteParseRequest,
    PastePreviewOut,
    PasteRequest,
    PasteSavedOut,
    TipMenuItemOut,
)
from mhc.domain.chatlog import ChatMessage
from mhc.services import paste as use_case
from mhc.services.paste import PasteService


class PasteController(Controller):
    path = "/paste"
    tags = ["paste"]

    @post("/parse", operation_id="parsePaste", status_code=200, responses=PROBLEM_RESPONSES)
    async def parse(
        self, data: JSONBody[PasteParseRequest], paste: Injected[PasteService]
    ) -> ParsedPasteOut:
        """What a paste holds: messages (tips among them), tips, tip-menu items and the names in
        it with where each was read. Stores nothing."""
        log = await paste.parse(data.text, data.kind)
        return ParsedPasteOut(
            formats=list(log.formats),
            lines=log.lines,
            noise=log.noise,
            unparsed=log.unparsed,
            room=log.room,
            messages=[_message(m) for m in log.messages],
            tips=[_message(m) for m in log.tips],
            tip_menu=[present(item, TipMenuItemOut) for item in log.tip_menu],
            names=[present(found, FoundNameOut) for found in log.names],
        )

    @post("/preview", operation_id="previewPaste", status_code=200, responses=PROBLEM_RESPONSES)
    async def preview(
        self, data: JSONBody[PasteRequest], paste: Injected[PasteService]
    ) -> PastePreviewOut:
        """What saving the paste would store: how many messages, tips and tip-menu items, which
        are new and which stored already or recorded by the Events API, who is new to the
        panel, and the day and show it is put in. Stores nothing. 400 naming `timeZone` for a
        name the zone database does not know; 404 for an unknown `sessionId`."""
        return present(await paste.preview(_request(data)), PastePreviewOut)

    @post("/save", operation_id="savePaste", status_code=200, responses=PROBLEM_RESPONSES)
    async def save(
        self, data: JSONBody[PasteRequest], paste: Injected[PasteService]
    ) -> PasteSavedOut:
        """Store the paste's new messages as interactions (source `paste`) and its tip menu.
        Saving the same paste again stores nothing. 400 naming `text` (nothing stored) when
        the paste holds no message, tip or tip-menu item, naming `timeZone` as for a preview;
        404 for an unknown `sessionId`."""
        return present(await paste.save(_request(data)), PasteSavedOut)


def _request(data: PasteRequest) -> use_case.PasteRequest:
    return use_case.PasteRequest(
        text=data.text,
        kind=data.kind,
        day=data.day,
        session_id=data.session_id,
        timezone=data.time_zone,
        counterpart=data.counterpart,
        room=data.room,
    )


def _message(message: ChatMessage) -> ParsedMessageOut:
    return ParsedMessageOut(
        line=message.line,
        speaker=message.speaker,
        text=message.text,
        kind=message.kind,
        from_owner=message.from_owner,
        is_broadcaster=message.is_broadcaster,
        clock=message.clock.isoformat() if message.clock else None,
        stamp=message.when.isoformat() if message.when else None,
        tokens=message.tokens,
        note=message.note,
    )
