"""Where each entity and field came from: kept beside the model, not inside it.

Two loads of the same content give equal models whatever the file layout, and
a model built in Python has no positions at all; the :class:`SourceMap` is
what lets a finding about entity ``x``, field ``size.value`` point at
``segments.yaml:14:9``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from cfgov.model.findings import Finding, Location

#: A position is kept as one whole number, ``file << 64 | line << 32 | column``, with
#: 0 for an unknown line or column: a large model has millions of them, and a number
#: takes a fraction of the memory of a Location (and of the time to save and read back).
_LINE_SHIFT = 32
_FILE_SHIFT = 64
_LOW = (1 << _LINE_SHIFT) - 1


def pack_position(file_number: int, line: int | None, column: int | None) -> int:
    """One position as the whole number a :class:`SourceMap` keeps (see above)."""
    return (file_number << _FILE_SHIFT) | ((line or 0) << _LINE_SHIFT) | (column or 0)


#: A workbook is one file of positions for all its sheets: its name, as packed, is the
#: workbook's path followed by each sheet's name, each after a NUL (which no path or
#: sheet name holds), and a position's line holds the sheet's number (counting from 0)
#: above the row, in the bits from :data:`SHEET_SHIFT` up (a sheet has at most 2**20 rows).
SHEET_MARK = "\x00"
SHEET_SHIFT = 21
_ROW = (1 << SHEET_SHIFT) - 1


def workbook_name(file: str, sheets: tuple[str, ...] | list[str]) -> str:
    """The name positions in a workbook's sheets are packed under (see :data:`SHEET_MARK`)."""
    return file + "".join(SHEET_MARK + sheet for sheet in sheets)


def sheet_line(sheet: int, row: int) -> int:
    """The line a position in row ``row`` of the sheet numbered ``sheet`` is packed with."""
    return (sheet << SHEET_SHIFT) | row


def located(name: str, line: int | None, column: int | None) -> Location:
    """The location of a line and column in a file packed under ``name``: in a workbook's
    (see :func:`workbook_name`), the sheet and row the line stands for."""
    if SHEET_MARK not in name:
        return Location(name, line, column)
    file, *sheets = name.split(SHEET_MARK)
    sheet = sheets[(line or 0) >> SHEET_SHIFT]
    row = (line or 0) & _ROW
    return Location(file, row or None, column, sheet=sheet)


def unpack_position(position: int, files: tuple[str, ...] | list[str]) -> Location:
    """The :class:`Location` a number made by :func:`pack_position` stands for."""
    line = (position >> _LINE_SHIFT) & _LOW
    column = position & _LOW
    name = files[position >> _FILE_SHIFT]
    if SHEET_MARK in name:
        return located(name, line, column or None)
    return Location(name, line or None, column or None)


class SourceMap:
    """A map from ``(entity id, field path)`` to the :class:`Location` it was read from.

    The field path is dotted, with list positions as numbers
    (``"measures.0.target"``); the empty path is the entity itself.
    """

    __slots__ = ("_entries", "_names", "files")

    def __init__(
        self, entries: Mapping[tuple[str, str], Location] | None = None, files: tuple[str, ...] = ()
    ) -> None:
        numbers: dict[str, int] = {}
        packed: dict[str, dict[str, int]] = {}
        for (entity, path), location in (entries or {}).items():
            name = location.file
            if location.sheet is not None:
                name = workbook_name(name, (location.sheet,))
            number = numbers.setdefault(name, len(numbers))
            packed.setdefault(entity, {})[path] = pack_position(
                number, location.line, location.column
            )
        self._entries = packed
        #: The file name for each file number in the packed positions.
        self._names: tuple[str, ...] = tuple(numbers)
        #: The files the model was read from, in reading order.
        self.files = files

    @classmethod
    def _from_packed(
        cls, entries: dict[str, dict[str, int]], names: tuple[str, ...], files: tuple[str, ...]
    ) -> SourceMap:
        """A map over positions already packed by :func:`pack_position` (the loader's way):
        for each entity, its field paths and their positions.

        Kept entity by entity because a large model has millions of positions and a
        dictionary per entity costs a third of the memory of one ``(entity, path)`` key
        per position.
        """
        made = cls.__new__(cls)
        made._entries = entries
        made._names = names
        made.files = files
        return made

    def __len__(self) -> int:
        return sum(map(len, self._entries.values()))

    def __repr__(self) -> str:
        return f"<SourceMap {len(self)} positions in {len(self.files)} files>"

    def items(self) -> Iterator[tuple[tuple[str, str], Location]]:
        """Every ``((entity, field path), location)`` pair, entity by entity in the order
        the entities were first met, and each entity's fields in the order they were read."""
        names = self._names
        for entity, spots in self._entries.items():
            for path, position in spots.items():
                yield (entity, path), unpack_position(position, names)

    def locate(self, entity: str, field: str | None = None) -> Location | None:
        """The position of a field, or of the closest enclosing field, or of the entity.

        ``locate("fp-jobseekers", "size.value")`` falls back to ``size`` and then
        to the entity when the exact field was not written.
        """
        spots = self._entries.get(entity)
        if spots is None:
            return None
        path = field or ""
        while True:
            found = spots.get(path)
            if found is not None:
                return unpack_position(found, self._names)
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
