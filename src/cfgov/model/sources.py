"""Where each entity and field came from: kept beside the model, not inside it.

Two loads of the same content give equal models whatever the file layout, and
a model built in Python has no positions at all; the :class:`SourceMap` is
what lets a finding about entity ``x``, field ``size.value`` point at
``segments.yaml:14:9``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from cfgov.model.findings import Finding, Location


class SourceMap:
    """A map from ``(entity id, field path)`` to the :class:`Location` it was read from.

    The field path is dotted, with list positions as numbers
    (``"measures.0.target"``); the empty path is the entity itself.
    """

    __slots__ = ("_entries", "files")

    def __init__(
        self, entries: Mapping[tuple[str, str], Location] | None = None, files: tuple[str, ...] = ()
    ) -> None:
        self._entries: dict[tuple[str, str], Location] = dict(entries or {})
        #: The files the model was read from, in reading order.
        self.files = files

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<SourceMap {len(self._entries)} positions in {len(self.files)} files>"

    def locate(self, entity: str, field: str | None = None) -> Location | None:
        """The position of a field, or of the closest enclosing field, or of the entity.

        ``locate("fp-jobseekers", "size.value")`` falls back to ``size`` and then
        to the entity when the exact field was not written.
        """
        path = field or ""
        while True:
            found = self._entries.get((entity, path))
            if found is not None:
                return found
            if not path:
                return None
            path = path.rpartition(".")[0]

    def place(self, finding: Finding) -> Finding:
        """The finding with its location filled in from this map, when it has none yet."""
        if finding.location is not None or finding.entity is None:
            return finding
        location = self.locate(finding.entity, finding.field)
        if location is None:
            return finding
        return attrs.evolve(finding, location=location)
