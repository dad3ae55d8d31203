"""ZIP archives written while they are read: entry bytes stream in, archive bytes stream out.

zipfile writes to any object with `write`; without `tell` it treats it as a pipe and puts each
entry's size and checksum after its data, so no entry is ever held whole in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import AsyncIterator, Iterable
from datetime import datetime


class _Pipe:
    """What zipfile writes into; the archive's bytes are taken out as they come."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes wait in `take`."""

    def close(self) -> None:
        """The reader takes what is left after the archive is closed."""

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


async def zip_stream(
    entries: Iterable[tuple[str, AsyncIterator[bytes]]], *, modified: datetime
) -> AsyncIterator[bytes]:
    """A deflated ZIP of `entries` (file name, its bytes), each stamped `modified`."""
    pipe = _Pipe()
    stamp = modified.timetuple()[:6]
    with zipfile.ZipFile(pipe, mode="w") as archive:
        for name, chunks in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # ZIP64 from the start: the size of an entry is unknown until it is written.
            with archive.open(info, mode="w", force_zip64=True) as entry:
                async for chunk in chunks:
                    entry.write(chunk)
                    if data := pipe.take():
                        yield data
            if data := pipe.take():
                yield data
    yield pipe.take()
