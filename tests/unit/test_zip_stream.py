"""ZIP archives streamed from entries that arrive in chunks."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator

from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import EVENING

from mhc.adapters.http.zip_stream import zip_stream

entries = st.dictionaries(
    st.from_regex(r"[a-z_]{1,20}\.csv", fullmatch=True),
    st.lists(st.binary(max_size=300), max_size=4),
    max_size=4,
)


async def _chunks(parts: list[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


def archive_of(files: dict[str, list[bytes]]) -> tuple[bytes, int]:
    async def collect() -> tuple[bytes, int]:
        pieces = [
            piece
            async for piece in zip_stream(
                ((name, _chunks(parts)) for name, parts in files.items()), modified=EVENING
            )
        ]
        return b"".join(pieces), len(pieces)

    return asyncio.run(collect())


@given(entries)
def test_archive_holds_each_entry_whole_and_in_order_whatever_its_chunks(
    files: dict[str, list[bytes]],
) -> None:
    data, _ = archive_of(files)

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist() == list(files)
    for name, parts in files.items():
        assert archive.read(name) == b"".join(parts)
        assert archive.getinfo(name).date_time == (2026, 1, 10, 20, 0, 0)


def test_archive_streams_while_entries_are_written_when_they_are_large() -> None:
    rows = [f"{n},big_tipper_{n},tipped for the hat\n".encode() * 400 for n in range(50)]

    data, pieces = archive_of({"interactions.csv": rows})

    assert pieces > 2
    assert zipfile.ZipFile(io.BytesIO(data)).read("interactions.csv") == b"".join(rows)
