"""Where each entity and field came from: kept beside the model, not inside it.

Two loads of the same content give equal models whatever the file layout, and
a model built in Python has no positions at all; the :class:`SourceMap` is
what lets a finding about entity ``x``, field ``size.value`` point at
``segments.yaml:14:9``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from typing import Any, Literal

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


#: Where a position's line and column sit in a number of :class:`Spots`: ``line << 32 |
#: column``, with no file, which the spots hold once for all their positions.
_IN_FILE = (1 << _FILE_SHIFT) - 1

#: Shapes (the field paths of an entity or record, in the order read) already met: most
#: entities of a model share theirs with many others, so each is kept once. It is only a
#: saving, never needed for a right answer, and is emptied when it grows past the bound.
_SHAPES: dict[tuple[str, ...], dict[str, int]] = {}
_MAX_SHAPES = 100_000


def _shape(paths: tuple[str, ...]) -> dict[str, int]:
    """The shared map from each of ``paths`` to its place among them."""
    found = _SHAPES.get(paths)
    if found is None:
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        found = _SHAPES[paths] = {path: number for number, path in enumerate(paths)}
    return found


class Spots:
    """Where one entity's fields, and the records of evidence about it, were written in
    one file: compact, for a large model has millions of positions.

    The field paths are shared with every entity of the same shape, and so are the
    paths of its records where another entity has the same (see :func:`_shared`). The
    positions are one run of bytes: their lines, less the smallest, then their columns,
    each in one byte when every one fits (nearly every entity), and in two or four
    otherwise (see :func:`_compact`). A record of evidence is kept apart under its path
    (``results.2025-04``), with the paths of its own fields (``actual``), so that its
    fields' full paths need not each be kept as text. Positions go in and out as
    ``line << 32 | column``.
    """

    __slots__ = ("at", "file", "records", "shape", "shapes")

    def __init__(
        self,
        file: int,
        shape: dict[str, int],
        records: tuple[str, ...],
        shapes: tuple[dict[str, int], ...],
        at: bytes,
    ) -> None:
        #: The number of the file, among the source map's files (the one thing that
        #: changes when the spots are moved into another model).
        self.file = file
        self.shape = shape
        self.records = records
        self.shapes = shapes
        self.at = at

    @classmethod
    def pack(
        cls, file: int, own: dict[str, int], records: dict[str, dict[str, int]] | None = None
    ) -> Spots:
        """Spots from the positions (``line << 32 | column``) of an entity's own fields
        and of each record's fields (its own position under the empty path)."""
        values = list(own.values())
        if not records:
            return cls(file, _shape(tuple(own)), (), (), _compact(values))
        shapes = []
        for fields in records.values():
            values.extend(fields.values())
            shapes.append(_shape(tuple(fields)))
        return cls(file, _shape(tuple(own)), *_shared(tuple(records), shapes), _compact(values))

    def __reduce__(self) -> tuple[Any, ...]:
        # Shapes are shared again when read back (from the cache or a worker process).
        records = dict(zip(self.records, map(tuple, self.shapes), strict=True))
        return (_restore, (self.file, tuple(self.shape), records, self.at))

    def __len__(self) -> int:
        return _count(self.at)

    def __repr__(self) -> str:
        return f"<Spots {len(self)} positions in file {self.file}>"

    def _at(self, number: int) -> int:
        at = self.at
        width, count, base = at[0], _count(at), _smallest_line(at)
        if width == 1:
            return (base + at[_HEAD + number]) << _LINE_SHIFT | at[_HEAD + count + number]
        values = memoryview(at)[_HEAD:].cast(_CODES[width])
        return (base + values[number]) << _LINE_SHIFT | values[count + number]

    def get(self, path: str) -> int | None:
        """The position (``line << 32 | column``) of ``path``, if it was written here."""
        number = self.shape.get(path)
        if number is not None:
            return self._at(number)
        if not self.records:
            return None
        offset = len(self.shape)
        for prefix, shape in zip(self.records, self.shapes, strict=True):
            if path.startswith(prefix):
                size = len(prefix)
                if len(path) == size:
                    number = shape.get("")
                elif path[size] == ".":
                    number = shape.get(path[size + 1 :])
                else:  # another record whose path begins the same way
                    offset += len(shape)
                    continue
                return None if number is None else self._at(offset + number)
            offset += len(shape)
        return None

    def items(self) -> Iterator[tuple[str, int]]:
        """Each field path and its position, the entity's own fields first."""
        at = _expanded(self.at)
        yield from zip(self.shape, at, strict=False)  # the records follow
        offset = len(self.shape)
        for prefix, shape in zip(self.records, self.shapes, strict=True):
            for path, number in shape.items():
                yield (f"{prefix}.{path}" if path else prefix), at[offset + number]
            offset += len(shape)


#: How many bytes come before a :class:`Spots`' positions: their width, and the
#: smallest line (four bytes, little-endian).
_HEAD = 5

#: The array type code of each width (the positions are in the machine's own order:
#: they never leave it but in the build cache, which is the machine's own).
_CODES: dict[int, Literal["B", "H", "I", "L"]] = {
    1: "B",
    2: "H",
    4: "I" if array("I").itemsize == 4 else "L",
}


def _compact(values: list[int]) -> bytes:
    """Positions (``line << 32 | column``) as bytes: the width of each number (one,
    two or four bytes), the smallest line, then each line less the smallest, then each
    column. An entity's fields are written over a few lines, in the first columns: one
    byte each nearly always, a quarter of the memory of whole numbers."""
    if not values:
        return _NONE
    base = min(values) >> _LINE_SHIFT  # the smallest line: lines are the high bits
    below = base << _LINE_SHIFT
    numbers = [(value - below) >> _LINE_SHIFT for value in values]
    numbers += [value & _LOW for value in values]
    top = max(numbers)
    head = base.to_bytes(4, "little")
    if top <= 0xFF:
        return b"\x01" + head + bytes(numbers)
    width = 2 if top <= 0xFFFF else 4
    return bytes((width,)) + head + array(_CODES[width], numbers).tobytes()


#: No positions.
_NONE = b"\x01\x00\x00\x00\x00"


def _smallest_line(at: bytes) -> int:
    """The line :func:`_compact`'s lines are counted from (its head's last four bytes)."""
    return at[1] | at[2] << 8 | at[3] << 16 | at[4] << 24


def _count(at: bytes) -> int:
    """How many positions :func:`_compact`'s bytes hold (a line and a column each)."""
    return (len(at) - _HEAD) // (at[0] << 1)


def _expanded(at: bytes) -> list[int]:
    """Every position of :func:`_compact`'s bytes, in order."""
    base = _smallest_line(at)
    numbers = memoryview(at)[_HEAD:].cast(_CODES[at[0]]).tolist()
    half = len(numbers) >> 1
    return [
        (base + line) << _LINE_SHIFT | column
        for line, column in zip(numbers[:half], numbers[half:], strict=True)
    ]


#: The paths of records met already, each with the shared shapes of their fields: most
#: measures have results for the same periods. Bounded as :data:`_SHAPES` is.
_RECORDS: dict[object, tuple[tuple[str, ...], tuple[dict[str, int], ...]]] = {}


def _shared(
    prefixes: tuple[str, ...], shapes: list[dict[str, int]]
) -> tuple[tuple[str, ...], tuple[dict[str, int], ...]]:
    """The paths of an entity's records and the shapes of their fields (each from
    :func:`_shape`), shared with every entity whose records are the same."""
    # The shapes are told apart by identity: each is kept once (and alive while an entry
    # here holds it), so that the key holds no paths of its own.
    key = (prefixes, *map(id, shapes))
    found = _RECORDS.get(key)
    if found is None:
        if len(_RECORDS) >= _MAX_SHAPES:
            _RECORDS.clear()
        found = _RECORDS[key] = (prefixes, tuple(shapes))
    return found


def _restore(
    file: int, own: tuple[str, ...], records: dict[str, tuple[str, ...]], at: bytes
) -> Spots:
    shapes = [_shape(paths) for paths in records.values()]
    return Spots(file, _shape(own), *_shared(tuple(records), shapes), at)


#: What a source map keeps for an entity: its spots in the one file that placed it, or,
#: when several did (a measure and its results), theirs in the order read, the later
#: winning where two give the same path.
Placed = Spots | tuple[Spots, ...]


def layers(placed: Placed) -> tuple[Spots, ...]:
    """The spots of an entity, in the order read."""
    return placed if isinstance(placed, tuple) else (placed,)


def from_layers(found: tuple[Spots, ...]) -> Placed:
    """What a source map keeps for an entity with these spots (one or more, in the
    order read): the inverse of :func:`layers`."""
    return found[0] if len(found) == 1 else found


def pack_spots(
    positions: dict[str, int], records: dict[str, dict[str, int]], file: int
) -> list[Spots]:
    """The spots of one entity, from positions packed by :func:`pack_position` with
    file number 0 and then with ``file`` added: a file read as several (a folder of CSV
    tables) can place an entity in more than one, which gives one spots each."""
    values = [*positions.values(), *(at for fields in records.values() for at in fields.values())]
    if not values or max(values) <= _IN_FILE:
        return [Spots.pack(file, positions, records)]
    files: dict[int, tuple[dict[str, int], dict[str, dict[str, int]]]] = {}
    for path, at in positions.items():
        files.setdefault(at >> _FILE_SHIFT, ({}, {}))[0][path] = at & _IN_FILE
    for prefix, fields in records.items():
        for path, at in fields.items():
            record = files.setdefault(at >> _FILE_SHIFT, ({}, {}))[1]
            record.setdefault(prefix, {})[path] = at & _IN_FILE
    return [Spots.pack(file + shift, *files[shift]) for shift in sorted(files)]


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
        opened: dict[str, dict[int, dict[str, int]]] = {}
        for (entity, path), location in (entries or {}).items():
            name = location.file
            if location.sheet is not None:
                name = workbook_name(name, (location.sheet,))
            number = numbers.setdefault(name, len(numbers))
            opened.setdefault(entity, {}).setdefault(number, {})[path] = pack_position(
                0, location.line, location.column
            )
        packed: dict[str, Placed] = {}
        for entity, by_file in opened.items():
            found = tuple(Spots.pack(number, spots) for number, spots in by_file.items())
            packed[entity] = from_layers(found)
        self._entries: Mapping[str, Placed] = packed
        #: The file name for each file number in the packed positions.
        self._names: tuple[str, ...] = tuple(numbers)
        #: The files the model was read from, in reading order.
        self.files = files

    @classmethod
    def _from_packed(
        cls, entries: Mapping[str, Placed], names: tuple[str, ...], files: tuple[str, ...]
    ) -> SourceMap:
        """A map over the loader's :class:`Spots` of each entity, with the file name
        of each file number."""
        made = cls.__new__(cls)
        made._entries = entries
        made._names = names
        made.files = files
        return made

    def __len__(self) -> int:
        return sum(
            len(spots) if isinstance(spots, Spots) else len(self._merged(spots))
            for spots in self._entries.values()
        )

    def __repr__(self) -> str:
        return f"<SourceMap {len(self)} positions in {len(self.files)} files>"

    @staticmethod
    def _merged(placed: tuple[Spots, ...]) -> dict[str, int]:
        """Each path's packed position over the spots of several files, the later file
        winning, in the order the paths were first read."""
        merged: dict[str, int] = {}
        for spots in placed:
            base = spots.file << _FILE_SHIFT
            for path, at in spots.items():
                merged[path] = base | at
        return merged

    def items(self) -> Iterator[tuple[tuple[str, str], Location]]:
        """Every ``((entity, field path), location)`` pair, entity by entity in the order
        the entities were first met, and each entity's fields in the order they were read."""
        names = self._names
        for entity, placed in self._entries.items():
            if isinstance(placed, Spots):
                base = placed.file << _FILE_SHIFT
                for path, at in placed.items():
                    yield (entity, path), unpack_position(base | at, names)
            else:
                for path, position in self._merged(placed).items():
                    yield (entity, path), unpack_position(position, names)

    def locate(self, entity: str, field: str | None = None) -> Location | None:
        """The position of a field, or of the closest enclosing field, or of the entity.

        ``locate("fp-jobseekers", "size.value")`` falls back to ``size`` and then
        to the entity when the exact field was not written.
        """
        placed = self._entries.get(entity)
        if placed is None:
            return None
        found = layers(placed)[::-1]  # a later file wins
        path = field or ""
        while True:
            for spots in found:
                at = spots.get(path)
                if at is not None:
                    return unpack_position(spots.file << _FILE_SHIFT | at, self._names)
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
