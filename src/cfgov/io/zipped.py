"""The bytes of a model file kept compressed, for a reader that holds many at once.

The editor's server keeps every file of the model to show and compare them: at 100,000
segments, 170 MB of YAML, a fifth of that compressed. Worker processes that read files
compress them before handing them back, so that the bytes cross between processes, and
are held, only once and only compressed.
"""

from __future__ import annotations

import zlib

__all__ = ["Zipped", "raw_bytes"]


class Zipped:
    """A file's bytes, compressed (quickly: zlib's first level). Two are equal when
    their bytes are; one is equal to bytes that are its own."""

    __slots__ = ("packed", "size")

    def __init__(self, data: bytes) -> None:
        self.packed = zlib.compress(data, 1)
        self.size = len(data)

    def raw(self) -> bytes:
        """The bytes, as read."""
        return zlib.decompress(self.packed)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Zipped):
            return self.size == other.size and self.packed == other.packed
        if isinstance(other, bytes):
            return self.size == len(other) and self.raw() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared, never a key


def raw_bytes(data: bytes | Zipped) -> bytes:
    """The bytes themselves, compressed or not."""
    return data.raw() if isinstance(data, Zipped) else data
