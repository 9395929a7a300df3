"""The model as tables, both ways: the layout a workbook and a folder of CSV files share.

The layout is derived from the format's declarations (:mod:`cfgov.io.format`), never
kept by hand, so a field added to the format appears as a column by itself:

* **A table per collection** (``Organisations``, ``Units``, ``Aims``, ``Stakeholders``,
  ``Segments``, ``Partners``, ``Objectives``, ``Principles``, ``Assessments``,
  ``Initiatives``, ``Journeys``): a row per entry, a column per field. A nested mapping
  (a segment's ``size``) gives a column per part, named with a dot: ``size.value``,
  ``size.source``, ``size.as_of``.
* **A table per nested list** (``Knowledge sources``, ``Measures``, ``Standards``,
  ``Targets``, ``Assessment components``, ``Initiative steps``, ``Journey stages``,
  ``Journey steps``): a row per item, keyed by the id of the entry that holds it in its
  first column (``segment``, ``objective``, ``principle``, ``service_standard``,
  ``assessment``, ``initiative``, ``journey``). Rows of one owner are read in the order
  of the table.
* **Entries without ids that hold lists** (a journey's stages) are numbered within their
  owner in a column of their own (``stage``: 1, 2, 3...), and the rows of their lists
  name them by their owner's keys and that number (``journey``, ``stage``), so that
  moving a row moves nothing else.
* **A table per mapping** (``Segments ignore``, ``Units identifiers``...): a row per
  pair, keyed by the owner's id: ``segment, rule, reason``; ``unit, scheme, value``.
  A table, not one cell, so that no key or reason needs any escaping.
* **Lists in one cell** (``parents``, ``segments``, ``aims``, ``channels``, the words of
  ``experience``...): the items
  separated by a semicolon, written ``"; "``. An item that holds a semicolon or a
  double quote, starts or ends with a space, or is empty, is put in double quotes with
  any quote inside doubled (``a; "b; c"; d`` is three items). Spaces around items
  outside quotes are ignored.
* **Evidence** (``Results``, ``Feedback``, ``Demand``) in exactly the columns the CSV
  evidence reader takes (:mod:`cfgov.io.csv_tables`, docs/evidence.md), read by it.

A cell of text is kept exactly as written, spaces included; an empty cell is "not
given". Text that is empty is written as two double quotes, ``""``; a cell holding only
double quotes (two or more) stands for two fewer.

Reading turns each cell into a node of the YAML builder (:class:`cfgov.io.build.
FileBuilder`) at the cell's place, so each value is checked, and each problem worded,
exactly as in a YAML file; the model is then made by :func:`cfgov.io.loader.assemble`.
Places in a workbook are packed as :func:`cfgov.model.sources.workbook_name` says; in
a folder of CSV files each file has its own number, and a node's line carries which.

Nothing here imports openpyxl: :mod:`cfgov.io.xlsx` reads and writes the cells.
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from cfgov.io import csv_tables
from cfgov.io.build import (
    PATH_CHARS_PER_BYTE,
    Collected,
    _lower_first,
    _Part,
    _TooManyProblems,
    did_you_mean,
)
from cfgov.io.format import (
    COLLECTIONS,
    DEMAND,
    DEMAND_PERIOD,
    EVIDENCE_COLLECTIONS,
    FEEDBACK,
    RESULT_PERIOD,
    RESULTS,
    EntitySpec,
    FieldSpec,
    FieldType,
)
from cfgov.io.limits import Limits
from cfgov.io.nodes import AnyNode, MappingNode, ScalarNode, SequenceNode
from cfgov.model import Location, Model
from cfgov.model.findings import column_letters, excerpt, quoted
from cfgov.model.sources import SHEET_MARK, SHEET_SHIFT, located, sheet_line

T = FieldType

#: How the CSV evidence reader names a line of its file, which in a table is a row.
_LINE_WORDS = re.compile(r"\bline ([0-9]+)")
#: How a list's items are separated in one cell, as written.
SEPARATOR = "; "
#: The names a mapping table gives its key and value columns, by field.
_PAIR_NAMES = {"identifiers": ("scheme", "value"), "ignore": ("rule", "reason")}
_MAPPINGS = (T.SUPPRESSIONS, T.LABELS, T.COUNTS, T.SCORES)
#: The sheets a workbook has beside the tables: read by people, never imported.
README = "Read me"
LISTS = "Lists"


@attrs.frozen(eq=False)
class Column:
    """One column of a table: its header and what it holds."""

    name: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: The field the column fills; None for an owner's id or a mapping's key or value.
    field: FieldSpec | None = None
    #: For a part of a nested mapping (``size.value``): the field holding the mapping.
    nested: FieldSpec | None = None
    #: How a value is written, for a column that fills no field.
    written: str = "text"

    @property
    def form(self) -> str:
        """How a value is written, in a few words, for the "Read me" sheet."""
        field = self.field
        if self.choices:
            return "one of: " + ", ".join(self.choices)
        if field is None:
            return self.written
        if field.type is T.CHOICES:
            return "words separated by `; `, from: " + ", ".join(field.choices)
        return _FORMS.get(field.type, "text")


_FORMS = {
    T.ID: "an id (text)",
    T.REF: "an id",
    T.REFS: "ids separated by `; `",
    T.TEXTS: "items separated by `; `",
    T.BOOL: "true or false",
    T.PRIORITY: "a whole number, 1 or more",
    T.NUMBER: "a number in digits (1500000, not 1.5m)",
    T.DATE: "YYYY, YYYY-MM or YYYY-MM-DD, as text",
    T.COUNT: "a whole number, 0 or more",
    T.PERIOD: "a period as text (2025, 2025-26, 2025-Q1, 2025-04)",
    T.VALUE: "a number, or words for a qualitative measure",
}


@attrs.frozen(eq=False)
class Table:
    """One table: a sheet of a workbook, a file of a CSV folder."""

    name: str
    description: str
    #: ``entries`` (a collection), ``list`` (a nested list), ``mapping`` or ``evidence``.
    kind: str
    columns: tuple[Column, ...]
    #: For entries and evidence: the collection the rows are entries of.
    collection: str | None = None
    #: For entries and lists: the spec of one row's entry.
    spec: EntitySpec | None = None
    #: For lists and mappings: the table of the entries that hold them, and the field.
    owner: Table | None = None
    field: FieldSpec | None = None
    #: For lists and mappings: the columns naming the owner's row, first in the table: the
    #: owner's id, or for an owner without one, its owner's keys and its number.
    keys: tuple[str, ...] = ()
    #: For a list of entries without ids that hold lists of their own (the stages of a
    #: journey): the column numbering each entry within its owner, which their lists name.
    number: str | None = None

    @property
    def key(self) -> str | None:
        """For lists and mappings: the first column naming the owner."""
        return self.keys[0] if self.keys else None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _column(field: FieldSpec, name: str | None = None, nested: FieldSpec | None = None) -> Column:
    return Column(
        name=name or field.name,
        description=field.description,
        required=field.required and (nested is None or nested.required),
        choices=field.choices
        if field.type is T.CHOICE
        else ("true", "false") * (field.type is T.BOOL),
        field=field,
        nested=nested,
    )


def _entity_tables(
    name: str, spec: EntitySpec, collection: str | None, owner: Table | None, via: FieldSpec | None
) -> list[Table]:
    """The table of one kind of entry, then the tables of its lists and mappings."""
    columns: list[Column] = []
    if owner is not None:
        assert owner.spec is not None
        assert via is not None
        if owner.spec.has_id:
            words = owner.spec.name.replace("_", " ")
            columns.append(
                Column(
                    name=owner.spec.name,
                    required=True,
                    written="an id",
                    description=f"The id of the {words} this row belongs to (in {owner.name}).",
                )
            )
        else:
            assert owner.number is not None, "a list needs an owner with an id or a number"
            columns.extend(c for c in owner.columns if c.name in owner.keys)
            numbered = owner.column(owner.number)
            assert numbered is not None
            columns.append(
                attrs.evolve(
                    numbered,
                    description=f"The number of the {owner.number} this row belongs to "
                    f"(in {owner.name}).",
                )
            )
    keys = tuple(c.name for c in columns)
    number: str | None = None
    if not spec.has_id and any(f.type is T.NESTED_LIST for f in spec.fields):
        assert owner is not None
        assert owner.spec is not None
        assert via is not None
        number = spec.words or spec.name
        columns.append(
            Column(
                name=number,
                required=True,
                written="a whole number, 1 or more",
                description=f"The {number}'s number among the {via.name} of its "
                f"{owner.spec.words or owner.spec.name.replace('_', ' ')}, counting from 1: "
                f"the rows below it name it by this number. Rows are read in the order of the "
                "table.",
            )
        )
    later: list[FieldSpec] = []
    for field in spec.fields:
        if field.type is T.NESTED:
            assert field.nested is not None
            columns.extend(
                _column(inner, f"{field.name}.{inner.name}", nested=field)
                for inner in field.nested.fields
            )
        elif field.type is T.NESTED_LIST or field.type in _MAPPINGS:
            later.append(field)
        else:
            columns.append(_column(field))
    kind = "entries" if owner is None else "list"
    description = spec.description
    if owner is not None and via is not None:
        description = f"{via.description} {description}"
    table = Table(
        name=name,
        description=description,
        kind=kind,
        columns=tuple(columns),
        collection=collection,
        spec=spec,
        owner=owner,
        field=via,
        keys=keys,
        number=number,
    )
    tables = [table]
    for field in later:
        if field.type is T.NESTED_LIST:
            assert field.nested is not None
            title = _LIST_NAMES.get((spec.name, field.name), _title(field.name))
            tables.extend(_entity_tables(title, field.nested, None, table, field))
        else:
            assert spec.has_id, "a mapping table needs an owner with an id"
            key, value = _PAIR_NAMES.get(field.name, ("name", "value"))
            tables.append(
                Table(
                    name=f"{name} {field.name.replace('_', ' ')}",
                    description=field.description,
                    kind="mapping",
                    columns=(
                        Column(
                            name=spec.name,
                            required=True,
                            written="an id",
                            description=f"The id of the {spec.name.replace('_', ' ')} (in {name}).",
                        ),
                        Column(name=key, required=True, description=f"The {key}.", field=None),
                        Column(
                            name=value,
                            required=True,
                            description=f"Its {value}.",
                            field=None,
                        ),
                    ),
                    owner=table,
                    field=field,
                    keys=(spec.name,),
                )
            )
    return tables


#: The names of the tables of nested lists whose field's name alone would not do (two
#: kinds of entry hold ``steps``).
_LIST_NAMES = {
    ("assessment", "components"): "Assessment components",
    ("initiative", "steps"): "Initiative steps",
    ("journey", "stages"): "Journey stages",
    ("journey_stage", "steps"): "Journey steps",
}


def _evidence_table(name: str, table: csv_tables.Table) -> Table:
    spec = COLLECTIONS[name]
    fields: dict[str, FieldSpec] = {}
    for field in spec.fields:
        fields.setdefault(field.name, field)
        if field.nested is not None:
            for inner in field.nested.fields:
                fields.setdefault(inner.name, inner)
    columns = [_column(fields[c]) for c in table.columns]
    columns = [attrs.evolve(c, required=c.name in table.required) for c in columns]
    return Table(
        name=_title(name),
        description=spec.description
        + f" The columns are those of a {name} table of evidence (the manual's page on "
        f"evidence): {table.described()}.",
        kind="evidence",
        columns=tuple(columns),
        collection=name,
        spec=spec,
    )


def _layout() -> tuple[Table, ...]:
    tables: list[Table] = []
    for name, spec in COLLECTIONS.items():
        if name not in EVIDENCE_COLLECTIONS:
            tables.extend(_entity_tables(_title(name), spec, name, None, None))
    by_name = {"results": csv_tables.RESULTS, "feedback": csv_tables.FEEDBACK}
    by_name["demand"] = csv_tables.DEMAND
    tables.extend(
        _evidence_table(name, by_name[name]) for name in ("results", "feedback", "demand")
    )
    names = [t.name for t in tables]
    assert len(set(names)) == len(names), names
    assert all(len(n) <= 31 for n in names), "a workbook's sheet names have 31 characters at most"
    return tuple(tables)


#: Every table, in the order a workbook's sheets and a folder's files list them.
TABLES: tuple[Table, ...] = _layout()
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


# -- writing -----------------------------------------------------------------------------

#: A cell's value as written: text, a number, or nothing.
Cell = str | int | float | None


@attrs.frozen
class Rows:
    """One table's content: its header and rows, ready for a sheet or a CSV file."""

    table: Table
    header: tuple[str, ...]
    rows: list[list[Cell]]


#: Cells whose spaces at either end (a space, a no-break space, a line break typed after
#: the value) are not part of the value, as they are not for a YAML value that is not in
#: quotes: ids, words and figures. Text is kept exactly as typed. (An id that does start
#: or end with a space is written in double quotes, as a list item is; see :func:`id_cell`.)
_TRIMMED = frozenset(
    {T.ID, T.REF, T.CHOICE, T.BOOL, T.PRIORITY, T.NUMBER, T.COUNT, T.DATE, T.PERIOD}
)


def id_cell(value: str) -> str:
    """An id (or word) as a cell holds it: as it is, or in double quotes (a quote inside
    written twice) if it starts or ends with a space or starts with a quote."""
    if value == value.strip() and not value.startswith('"'):
        return value
    return '"' + value.replace('"', '""') + '"'


def id_text(cell: str) -> str:
    """The id (or word) a cell holds: without the spaces at its ends, and out of its double
    quotes if :func:`id_cell` put it in them."""
    text = cell.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1].replace('""', ""):
        return text[1:-1].replace('""', '"')
    return text


def text_cell(text: str) -> str:
    """Text as a cell holds it: as it is, but for text of only double quotes (see above)."""
    if text and text.strip('"'):
        return text
    return text + '""' if len(text) != 1 else text


def list_cell(items: Iterable[str]) -> str:
    """A list as one cell: items separated by ``"; "``, quoted where they must be."""
    return SEPARATOR.join(_item(i) for i in items)


def _item(item: str) -> str:
    if item and not any(c in item for c in ';",') and item == item.strip():
        return item
    return '"' + item.replace('"', '""') + '"'


def _value(field: FieldSpec, value: Any) -> Cell:
    if value is None or value == ():
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    if field.type is T.BOOL:
        return "true" if value else "false"
    if field.type in (T.REFS, T.TEXTS):
        return list_cell(value)
    if field.type is T.CHOICES:
        return list_cell(item.value if isinstance(item, enum.Enum) else item for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if field.type in _TRIMMED:
        return id_cell(str(value))
    return text_cell(str(value))


def _entities(model: Model, collection: str) -> tuple[Any, ...]:
    if collection == "organisations":
        return model.organisations
    if collection == "units":
        return tuple(u for u in model.units if not u.is_organisation)
    return tuple(getattr(model, collection))


def _fill(table: Table, entity: Any, keys: dict[str, str | int]) -> list[Cell]:
    row: list[Cell] = []
    for column in table.columns:
        if column.field is None:
            key = keys.get(column.name)
            row.append(id_cell(key) if isinstance(key, str) else key)
        elif column.nested is not None:
            outer = getattr(entity, column.nested.name)
            row.append(
                None if outer is None else _value(column.field, getattr(outer, column.field.name))
            )
        else:
            row.append(_value(column.field, getattr(entity, column.field.name)))
    return row


def model_rows(model: Model) -> list[Rows]:
    """Every table of the layout filled from the model (tables with no rows included)."""
    filled: dict[str, Rows] = {
        t.name: Rows(t, tuple(c.name for c in t.columns), [])
        for t in TABLES
        if t.kind != "evidence"
    }
    children = {t.name: [c for c in TABLES if c.owner is t] for t in TABLES}

    def add(table: Table, entity: Any, keys: dict[str, str | int]) -> None:
        filled[table.name].rows.append(_fill(table, entity, keys))
        own_id = getattr(entity, "id", None)
        assert table.spec is not None
        own: dict[str, str | int] = (
            {table.spec.name: own_id} if own_id is not None else {k: keys[k] for k in table.keys}
        )
        if table.number is not None:
            own[table.number] = keys[table.number]
        for child in children[table.name]:
            assert child.field is not None
            value = getattr(entity, child.field.name)
            if child.kind == "list":
                for number, item in enumerate(value, start=1):
                    add(child, item, {**own, **({child.number: number} if child.number else {})})
            elif child.field.type is T.SUPPRESSIONS:
                for s in value:
                    filled[child.name].rows.append(
                        [id_cell(str(own_id)), s.code, text_cell(s.reason)]
                    )
            else:
                for key, number in value:
                    shown = number if isinstance(number, int) else text_cell(number)
                    filled[child.name].rows.append(
                        [id_cell(str(own_id)), text_cell(str(key)), shown]
                    )

    for table in TABLES:
        if table.kind == "entries":
            assert table.collection is not None
            for entity in _entities(model, table.collection):
                add(table, entity, {})
    out = [filled[t.name] for t in TABLES if t.kind != "evidence"]
    out.extend(_evidence_rows(model))
    return out


def _evidence_rows(model: Model) -> list[Rows]:
    results = TABLES_BY_NAME["Results"]
    feedback = TABLES_BY_NAME["Feedback"]
    demand = TABLES_BY_NAME["Demand"]
    return [
        _flat(results, model.results, "breakdown", "breakdown."),
        _flat(feedback, model.feedback, "themes", "theme.", scores=True),
        _flat(demand, model.demand, "failure_types", "failure."),
    ]


def _flat(
    table: Table,
    records: Sequence[Any],
    mapping: str,
    prefix: str,
    *,
    scores: bool = False,
) -> Rows:
    """Evidence records a row each, in the columns of the CSV evidence reader."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update((str(k), None) for k, _ in getattr(record, mapping))
    header = [c.name for c in table.columns]
    fields = [c.field for c in table.columns]
    score_at = header.index("answered") + 1 if scores else 0
    score_names = [f"score_{n}" for n in range(11)] if scores else []
    if scores:
        header[score_at:score_at] = score_names
    header += [prefix + k for k in keys]
    rows: list[list[Cell]] = []
    for record in records:
        row: list[Cell] = []
        for field in fields:
            assert field is not None
            row.append(_value(field, getattr(record, field.name)))
        if scores:
            given = dict(record.scores)
            row[score_at:score_at] = [given.get(n) for n in range(11)]
        given_keys = {str(k): v for k, v in getattr(record, mapping)}
        row += [given_keys.get(k) for k in keys]
        rows.append(row)
    return Rows(table, tuple(header), rows)


def readme_rows() -> list[list[str]]:
    """What every column of every table holds: the "Read me" sheet, a row per column."""
    rows = [["sheet", "column", "required", "how to write it", "what it holds"]]
    for table in TABLES:
        rows.append([table.name, "", "", "", table.description])
        for column in table.columns:
            rows.append(
                [
                    table.name,
                    column.name,
                    "required" if column.required else "",
                    column.form,
                    column.description,
                ]
            )
        if table.kind == "evidence":
            counts = "a whole number, 0 or more"
            extra = {
                "Results": (
                    "breakdown.<dimension>",
                    "text: the part (`phone`), empty for the whole",
                    "For results about part of what the "
                    "measure covers: a column per dimension (`breakdown.channel`).",
                ),
                "Feedback": (
                    "score_0 ... score_10, theme.<text>",
                    counts,
                    "How many gave each score; "
                    'how many gave each answer to "what would have made it a 10?".',
                ),
                "Demand": ("failure.<type>", counts, "Failure demand by type, a column per type."),
            }[table.name]
            rows.append([table.name, extra[0], "", extra[1], extra[2]])
    return rows


README_TEXT = (
    "This workbook holds a cfgov model: a sheet per collection, a sheet per nested list "
    "(keyed by the id of the entry that holds it, in its first column; the steps of a "
    "journey by its id and the stage's number) and per mapping. "
    "Lists of ids in one cell are separated by `; `. Every column of every sheet is "
    "explained below. Edit the sheets, then read them back with `cfgov import xlsx`."
)


# -- reading -----------------------------------------------------------------------------


@attrs.frozen
class ExcelDate:
    """A cell a spreadsheet holds as a date (or time): its value, and whether the cell
    shows the day (its number format has one), so that a month is not taken for a day."""

    value: datetime.date | datetime.time
    shows_day: bool


#: A cell's value as read: text, a number, true or false, a date, or nothing.
Raw = str | int | float | bool | ExcelDate | None


class _Skipped:
    """A cell whose problem is reported already: its field is neither read nor "missing"."""


SKIPPED = _Skipped()


@attrs.frozen
class Grid:
    """One table's cells as read: its name, and its rows with their numbers (the header first).

    ``file`` is the number of the file (for a CSV folder) or of the sheet (for a
    workbook) the table came from, counting from 0 in the order given to
    :class:`TableReader`.
    """

    name: str
    number: int
    rows: list[tuple[int, list[Raw | _Skipped]]]


class _Builder(csv_tables._CsvBuilder):
    """The builder over cells of several sheets or files: a node's line carries which."""

    def __init__(self, names: list[str], into: Collected, limits: Limits) -> None:
        super().__init__(
            names[0],
            into,
            limits.max_problems_per_file,
            max_path_chars=PATH_CHARS_PER_BYTE * limits.max_file_bytes,
        )
        for name in names[1:]:
            into.file_number(name)  # numbered after the first, so a node's line can say which
        self.names = names
        self.skipped: set[tuple[int, int]] = set()

    def where(self, line: int, column: int | None) -> Location:
        return located(self.names[line >> 32], line & 0xFFFFFFFF, column)

    def _loc(self, node: AnyNode) -> Location:
        return self.where(node.line, node.column or None)

    def _missing(
        self,
        part: _Part,
        field: FieldSpec,
        node: MappingNode,
        written: AnyNode | None,
        label: str,
        entity_id: str | None,
        field_path: str,
    ) -> None:
        if field.type is not T.NESTED_LIST or field.nested is None or entity_id is None:
            super()._missing(part, field, node, written, label, entity_id, field_path)
            return
        # A list is rows of a sheet of its own, not a cell: say which sheet, and how a row
        # there names its owner.
        sheet = _LIST_NAMES.get((part.spec.name, field.name), _title(field.name))
        csv_folder = self.names[0].lower().endswith(".csv")
        self.problem(
            "CFG006",
            node,
            f"{label} has no rows in {f'{sheet}.csv' if csv_folder else f'the {sheet} sheet'}",
            f"Add its rows to {sheet}, each with `{entity_id}` in the `{part.spec.name}` "
            f"column: {_lower_first(field.description)}",
            entity=entity_id,
            field=field_path,
        )

    def _report_missing(self, part: Any, node: MappingNode, *args: Any) -> None:
        if (node.line, -1) in self.skipped:
            failed: set[str] = args[-1]
            failed.update(f.name for f in part.required if (node.line, id(f)) in self.skipped)
        super()._report_missing(part, node, *args)


class TableReader:
    """Reads tables into a :class:`Collected`, each problem located at its cell.

    ``names`` are what positions are packed under: for a workbook, one name
    (:func:`cfgov.model.sources.workbook_name`), whose sheets are the grids' numbers;
    for a CSV folder, the files, one per grid number. ``into`` is the
    :class:`Collected` to read into (a new one if not given), so that the model's
    other files and these tables make one model.
    """

    def __init__(
        self, names: list[str], limits: Limits, *, workbook: bool, into: Collected | None = None
    ) -> None:
        self.collected = Collected() if into is None else into
        self.builder = _Builder(names, self.collected, limits)
        self.limits = limits
        self.workbook = workbook
        self.names = names
        #: Whether reading stopped (too many problems).
        self.stopped = False

    def line(self, grid_number: int, row: int) -> int:
        """The line a node in row ``row`` of a grid carries."""
        if self.workbook:
            return sheet_line(grid_number, row)
        return (grid_number << 32) | row

    def problem(
        self, number: int, row: int | None, column: int | None, code: str, message: str, hint: str
    ) -> None:
        """Report a problem at a cell (or a row, or a whole table) of grid ``number``."""
        line = self.line(number, row or 0)
        at = self.builder.where(line, column)
        if row is None:
            at = attrs.evolve(at, line=None, column=None)
        self.builder.problem(code, csv_tables._Cell("", line, column or 1), message, hint, at=at)

    def read(self, grids: list[Grid], unknown: Iterable[tuple[int, str]] = ()) -> None:
        """Read the grids of known tables; ``unknown`` are tables (number, name) not known."""
        try:
            self._read(grids, list(unknown))
        except _TooManyProblems:
            self.collected.unreadable_files += 1
            self.stopped = True

    def _read(self, grids: list[Grid], unknown: list[tuple[int, str]]) -> None:
        known = [t.name for t in TABLES]
        for number, name in unknown:
            guess = did_you_mean(name, known) or next(
                (k for k in known if k.lower() == name.strip().lower()), None
            )
            what = "sheet" if self.workbook else "file"
            self.problem(
                number,
                None,
                None,
                "CFG038",
                f"{quoted(name)} is not a {what} cfgov knows, so nothing in it can be read",
                (f"Did you mean {quoted(guess)}? " if guess else "")
                + f"A model's {what}s are named: "
                + ", ".join(known)
                + (
                    f" (and {quoted(README)} and {quoted(LISTS)}, which are not read)."
                    if self.workbook
                    else "."
                )
                + " Rename it to one of those, or move it out if it is not part of the model."
                + (self._exclude_words() if self.workbook else ""),
            )
            self.collected.unreadable_files += 1
        by_table: dict[str, tuple[Grid, list[tuple[int, dict[str, _Placed]]]]] = {}
        for grid in grids:
            table = TABLES_BY_NAME[grid.name]
            if table.kind == "evidence":
                self._evidence(table, grid)
                continue
            rows = self._grid(table, grid)
            if rows is not None:
                by_table[table.name] = (grid, rows)
        self._build(by_table)

    def _exclude_words(self) -> str:
        """How to leave a workbook out of a model folder, worded as for a CSV file (CFG027)."""
        book = self.names[0].split(SHEET_MARK)[0].replace("\\", "/").rsplit("/", 1)[-1]
        return (
            " If the workbook is not a cfgov model at all but sits in the model's folder, add "
            "its path from the model's folder to `exclude` in cfgov.toml: `exclude = [\""
            + excerpt(book, 40)
            + '"]`.'
        )

    # -- a grid's header and cells -------------------------------------------------------

    def _grid(self, table: Table, grid: Grid) -> list[tuple[int, dict[str, _Placed]]] | None:
        """The rows of a table, each a mapping of column name to its cell; None if unusable."""
        if not grid.rows:
            return []
        header_row, header = grid.rows[0]
        names = [c.name for c in table.columns]
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, raw in enumerate(header):
            where = index + 1
            if raw is SKIPPED:
                continue
            name = "" if raw is None else _header_text(raw)
            column = table.column(name)
            if column is None and name:
                column = table.column(name.strip().lower().replace(" ", "_"))
            if column is None:
                if not name:
                    filled = next(
                        (
                            r
                            for r, cells in grid.rows[1:]
                            if index < len(cells) and _given(cells[index])
                        ),
                        None,
                    )
                    if filled is not None:
                        self.problem(
                            grid.number,
                            header_row,
                            where,
                            "CFG006",
                            f"column {column_letters(where)} has no name in the header, but holds "
                            f"values (from row {filled})",
                            f"Give the column its name in the header (one of: {', '.join(names)}), "
                            "or delete the column.",
                        )
                    continue
                guess = did_you_mean(name, names)
                self.problem(
                    grid.number,
                    header_row,
                    where,
                    "CFG003",
                    f"{quoted(name)} is not a column of {table.name}",
                    (f"Did you mean `{guess}`? " if guess else "")
                    + f"{table.name} may have the columns: {', '.join(names)}. Rename it to "
                    "one of those, or delete the column: cfgov reads every column it is given"
                    + (
                        "; notes of your own can go in the `description` column."
                        if "description" in names
                        else "."
                    ),
                )
                continue
            if column.name in seen:
                self.problem(
                    grid.number,
                    header_row,
                    where,
                    "CFG002",
                    f"the column `{column.name}` appears twice in the header (columns "
                    f"{column_letters(seen[column.name])} and {column_letters(where)})",
                    "Keep one of the two: cfgov would not know which to read.",
                )
                continue
            seen[column.name] = where
            columns[index] = column
        missing = [
            c for c in table.columns if c.required and c.nested is None and c.name not in seen
        ]
        for column in missing:
            self.problem(
                grid.number,
                header_row,
                len(header) + 1,
                "CFG006",
                f"{table.name} has no `{column.name}` column",
                f"Add a `{column.name}` column: {_lower(column.description)}",
            )
        if missing:
            return None
        rows: list[tuple[int, dict[str, _Placed]]] = []
        for row, cells in grid.rows[1:]:
            placed: dict[str, _Placed] = {}
            for index, column in columns.items():
                raw = cells[index] if index < len(cells) else None
                if raw is None and not column.required:
                    continue
                placed[column.name] = _Placed(raw, self.line(grid.number, row), index + 1)
            if any(_given(p.raw) for p in placed.values()):
                rows.append((row, placed))
        return rows

    # -- cells as nodes -------------------------------------------------------------------

    def _text(self, column: Column, cell: _Placed) -> str | None:
        """A cell's text for the builder; None (after reporting) for a cell it cannot take."""
        raw = cell.raw
        field = column.field
        if raw is None:
            return ""
        if isinstance(raw, str):
            if field is not None and field.type in _TRIMMED:
                return id_text(raw)
            return raw
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if isinstance(raw, int):
            return str(raw)
        if isinstance(raw, float):
            if math.isfinite(raw) and raw.is_integer() and abs(raw) < 2**53:
                return str(int(raw))
            return repr(raw)
        if isinstance(raw, ExcelDate):
            value = raw.value
            day = value.date() if isinstance(value, datetime.datetime) else value
            is_day = (
                isinstance(day, datetime.date)
                and raw.shows_day
                and not (isinstance(value, datetime.datetime) and value.time() != datetime.time())
            )
            if field is not None and field.type is T.DATE and is_day:
                assert isinstance(day, datetime.date)
                return day.isoformat()
            self._date_problem(column, cell, raw)
            return None
        return None  # SKIPPED

    def _date_problem(self, column: Column, cell: _Placed, raw: ExcelDate) -> None:
        field = column.field
        value = raw.value
        shown = (
            value.isoformat()
            if not isinstance(value, datetime.datetime)
            else (
                value.date().isoformat()
                if value.time() == datetime.time()
                else value.isoformat(" ")
            )
        )
        if field is not None and field.type is T.PERIOD:
            hint = (
                "A spreadsheet turns `2025-04` or `Apr 2025` into a date, which is a day, not "
                "the period meant. Format the column as Text and write the period as text: "
                "`2025-04` for a month, `2025-26` for a financial year, `2025-Q1` for a quarter."
            )
        elif field is not None and field.type is T.DATE:
            hint = (
                "The cell shows less than a day (a month or a year), so the date it holds is "
                "not what was meant. Format the column as Text and write `2025-04` for a month, "
                "`2025` for a year, or `2025-04-01` for a day."
            )
        else:
            hint = (
                "The spreadsheet turned what was typed into a date. Format the column as Text "
                "and type the value again."
            )
        self.builder.problem(
            "CFG035",
            csv_tables._Cell(shown, cell.line, cell.column),
            f"the `{column.name}` cell holds a date the spreadsheet made ({shown}), not text",
            hint,
        )

    def _scalar(self, column: Column, cell: _Placed) -> AnyNode | None:
        text = self._text(column, cell)
        if text is None:
            return None
        trimmed = column.field is not None and column.field.type in _TRIMMED
        if text and not trimmed and not text.strip('"') and len(text) >= 2:
            text = text[2:]
            return ScalarNode(text, False, cell.line, cell.column)  # empty text, not "not given"
        return csv_tables._Cell(text, cell.line, cell.column)

    def _list(self, column: Column, cell: _Placed) -> AnyNode | None:
        text = self._text(column, cell)
        if text is None:
            return None
        items, error = split_list(text)
        if error is not None:
            self.builder.problem(
                "CFG005",
                csv_tables._Cell(text, cell.line, cell.column),
                f"the `{column.name}` cell cannot be read as a list: {error}",
                "Separate the items with `; `; put an item that holds a semicolon or a quote in "
                'double quotes, with a quote inside written twice: `a; "b; c"; d`.',
            )
            return None
        assert column.field is not None
        commas = any(_typed_with_commas(i, text) for i in items)
        if column.field.type is T.CHOICES and commas:
            # Words of a fixed list hold no comma: `speed, value` is two of them.
            items = [part.strip() for i in items for part in i.split(",") if part.strip()]
            self.builder.problem(
                "CFG005",
                csv_tables._Cell(text, cell.line, cell.column),
                f"the `{column.name}` cell separates its words with commas, but cfgov reads a "
                "semicolon between the items of a list",
                f"Separate them with `; `: `{excerpt('; '.join(items), 120)}`.",
            )
            return None
        if column.field.type is T.REFS and commas:
            together = excerpt(
                "; ".join(part.strip() for i in items for part in i.split(",") if part.strip()),
                120,
            )
            self.builder.problem(
                "CFG005",
                csv_tables._Cell(text, cell.line, cell.column),
                f"the `{column.name}` cell separates its ids with commas, but cfgov reads a "
                "semicolon between the items of a list",
                f"Separate them with `; `: `{together}`. (An id that does hold a comma goes in "
                "double quotes.)",
            )
            return None
        return SequenceNode(
            [ScalarNode(i, False, cell.line, cell.column) for i in items], cell.line, cell.column
        )

    def _row_node(
        self, table: Table, row: dict[str, _Placed], line: int
    ) -> list[tuple[ScalarNode, AnyNode]]:
        pairs: list[tuple[ScalarNode, AnyNode]] = []
        nested: dict[str, list[tuple[ScalarNode, AnyNode]]] = {}
        skipped: list[FieldSpec] = []
        for column in table.columns:
            cell = row.get(column.name)
            if cell is None or column.field is None:
                continue
            if cell.raw is SKIPPED:
                skipped.append(column.field)
                continue
            field = column.field
            node = (
                self._list(column, cell)
                if field.type in (T.REFS, T.TEXTS, T.CHOICES)
                else self._scalar(column, cell)
            )
            if node is None:
                skipped.append(field)
                continue
            key = csv_tables._Cell(field.name, cell.line, cell.column)
            if column.nested is not None:
                nested.setdefault(column.nested.name, []).append((key, node))
            else:
                pairs.append((key, node))
        for name, items in nested.items():
            first = items[0][1]
            pairs.append(
                (
                    csv_tables._Cell(name, first.line, first.column),
                    MappingNode(items, first.line, first.column),
                )
            )
        if skipped and table.spec is not None:
            self.builder.skipped.add((line, -1))
            for field in skipped:
                owner = field
                for spec_field in table.spec.fields:
                    if spec_field.nested is not None and field in spec_field.nested.fields:
                        owner = spec_field
                self.builder.skipped.add((line, id(owner)))
                if owner is not field:
                    self.builder.skipped.add((line, id(field)))
        return pairs

    # -- entries with their lists and mappings -------------------------------------------

    def _build(
        self, by_table: dict[str, tuple[Grid, list[tuple[int, dict[str, _Placed]]]]]
    ) -> None:
        # Nodes are made from the leaves up: a list's rows, and a mapping's, go under the
        # row of their owner, found by its keys: ``extra[owner table][owner keys]`` (the
        # owner's id, or its owner's id and its number for an entry without an id).
        extra: dict[str, dict[Key, list[tuple[ScalarNode, AnyNode]]]] = {}
        made: dict[str, list[tuple[Key | None, int, MappingNode]]] = {}
        for table in reversed(TABLES):
            if table.kind == "evidence" or table.name not in by_table:
                continue
            grid, rows = by_table[table.name]
            owner_keys = self._keys(table.owner, by_table) if table.owner is not None else None
            entries: list[tuple[Key | None, int, MappingNode]] = []
            numbers: dict[Key, int] = {}
            for row, cells in rows:
                line = self.line(grid.number, row)
                owner: Key | None = None
                if table.owner is not None:
                    assert owner_keys is not None
                    owner = self._owner(table, cells, owner_keys)
                    if owner is None:
                        continue
                if table.kind == "mapping":
                    assert owner is not None
                    self._pair(table, cells, owner[0], line, extra)
                    continue
                pairs = self._row_node(table, cells, line)
                own_key = self._own_key(table, cells, owner, numbers)
                if own_key is not None:
                    pairs.extend(extra.get(table.name, {}).pop(own_key, ()))
                entries.append((owner, line, MappingNode(pairs, line, 1)))
            made[table.name] = entries
            if table.owner is not None and table.kind == "list":
                assert table.field is not None
                grouped: dict[Key, list[MappingNode]] = {}
                for owner, _, node in entries:
                    assert owner is not None
                    grouped.setdefault(owner, []).append(node)
                for owner, nodes in grouped.items():
                    first = nodes[0]
                    key = csv_tables._Cell(table.field.name, first.line, 1)
                    extra.setdefault(table.owner.name, {}).setdefault(owner, []).append(
                        (key, SequenceNode(list(nodes), first.line, 1))
                    )
        root: list[tuple[ScalarNode, AnyNode]] = []
        for table in TABLES:
            if table.kind != "entries" or table.name not in made:
                continue
            assert table.collection is not None
            entries = made[table.name]
            if not entries:
                continue
            items: list[AnyNode] = [node for _, _, node in entries]
            root.append(
                (
                    csv_tables._Cell(table.collection, items[0].line, 1),
                    SequenceNode(items, items[0].line, 1),
                )
            )
        self.builder.build_root(MappingNode(root, 1, 1))
        if self.builder.problem_count > self.builder.max_problems:
            self.stopped = True

    def _own_key(
        self, table: Table, cells: dict[str, _Placed], owner: Key | None, numbers: dict[Key, int]
    ) -> Key | None:
        """What names a row to the rows under it: its id, or its owner's keys and number."""
        if table.number is not None:
            assert owner is not None
            number = self._number(table, cells, owner, numbers)
            return None if number is None else (*owner, number)
        own = cells.get("id")
        own_id = self._text(_ID, own) if own is not None and own.raw is not SKIPPED else None
        return (own_id,) if own_id else None

    def _keys(self, table: Table | None, by_table: dict[str, Any]) -> dict[Key, None]:
        """The keys the rows of a table give, in order: their ids, or for entries without
        ids, their owner's keys and their numbers."""
        if table is None or table.name not in by_table:
            return {}
        names = ("id",) if table.number is None else (*table.keys, table.number)
        keys: dict[Key, None] = {}
        for _, cells in by_table[table.name][1]:
            texts = tuple(_key_text(cells.get(name)) for name in names)
            if all(texts):
                keys[texts] = None
        return keys

    def _owner(self, table: Table, cells: dict[str, _Placed], keys: dict[Key, None]) -> Key | None:
        """The keys of the row's owner, or None (after saying why) when they name none."""
        assert table.owner is not None
        texts: list[str] = []
        for name in table.keys:
            cell = cells.get(name)
            if cell is None or cell.raw is SKIPPED:
                return None
            text = _key_text(cell)
            node = csv_tables._Cell(text, cell.line, cell.column)
            words = name.replace("_", " ")
            if not text:
                what = f"the id of the {words}" if not texts else f"the number of the {words}"
                self.builder.problem(
                    "CFG006",
                    node,
                    f"the `{name}` cell of this {table.name} row is empty",
                    f"Fill in {what} (in {table.owner.name}) that the row belongs to.",
                )
                return None
            texts.append(text)
            known = [k[len(texts) - 1] for k in keys if list(k[: len(texts) - 1]) == texts[:-1]]
            if text in known:
                continue
            if len(texts) == 1:
                guess = did_you_mean(text, list(dict.fromkeys(known)))
                column = "id" if table.owner.number is None else name
                self.builder.problem(
                    "CFG008",
                    node,
                    f"{table.name} names the {words} {quoted(text)}, which is not in "
                    f"{table.owner.name}",
                    (f"Did you mean `{guess}`? " if guess else "")
                    + f"Use the id of a {words} from the `{column}` column of "
                    f"{table.owner.name}.",
                )
                return None
            first = table.keys[0].replace("_", " ")
            have = ", ".join(dict.fromkeys(known)) or "none"
            self.builder.problem(
                "CFG008",
                node,
                f"{table.name} names {words} {excerpt(text, 20)} of the {first} "
                f"{quoted(texts[0])}, which {table.owner.name} does not number",
                f"Use the number of one of the {first}'s {words}s in {table.owner.name} "
                f"(it has: {have}), or add the {words} there first.",
            )
            return None
        return tuple(texts)

    def _number(
        self, table: Table, cells: dict[str, _Placed], owner: Key, numbers: dict[Key, int]
    ) -> str | None:
        """The number of an entry without an id (a stage of a journey) within its owner, or
        None (after saying why) when the cell is empty or repeats an earlier row's."""
        assert table.number is not None
        cell = cells.get(table.number)
        if cell is None or cell.raw is SKIPPED:
            return None
        text = _key_text(cell)
        node = csv_tables._Cell(text, cell.line, cell.column)
        first = table.keys[0].replace("_", " ")
        if not text:
            self.builder.problem(
                "CFG006",
                node,
                f"the `{table.number}` cell of this {table.name} row is empty",
                f"Number each {table.number} of a {first} (1, 2, 3...): the rows that belong "
                f"to it name it by that number.",
            )
            return None
        key = (*owner, text)
        if key in numbers:
            self.builder.problem(
                "CFG002",
                node,
                f"{table.name} gives {table.number} {excerpt(text, 20)} of the {first} "
                f"{quoted(owner[0])} twice (rows {numbers[key] & 0x1FFFFF} and "
                f"{cell.line & 0x1FFFFF})",
                f"Give each {table.number} of a {first} its own number: cfgov would not know "
                f"which the rows naming {table.number} {excerpt(text, 20)} belong to.",
            )
            return None
        numbers[key] = cell.line
        return text

    def _pair(
        self,
        table: Table,
        cells: dict[str, _Placed],
        owner: str | None,
        line: int,
        extra: dict[str, dict[Key, list[tuple[ScalarNode, AnyNode]]]],
    ) -> None:
        assert table.owner is not None
        assert table.field is not None
        assert owner is not None
        key_column, value_column = table.columns[1], table.columns[2]
        key_cell, value_cell = cells.get(key_column.name), cells.get(value_column.name)
        nodes = []
        for column, cell in ((key_column, key_cell), (value_column, value_cell)):
            if cell is None or cell.raw is SKIPPED:
                return
            node = self._scalar(column, cell)
            if node is None:
                return
            if isinstance(node, ScalarNode) and node.plain and not node.value:
                self.builder.problem(
                    "CFG006",
                    node,
                    f"the `{column.name}` cell of this {table.name} row is empty",
                    f"Fill in {column.description[:1].lower()}{column.description[1:]}",
                )
                return
            nodes.append(node)
        key, value = nodes
        assert isinstance(key, ScalarNode)
        owned = extra.setdefault(table.owner.name, {}).setdefault((owner,), [])
        for name, mapping in owned:
            if name.value == table.field.name:
                assert isinstance(mapping, MappingNode)
                for earlier, _ in mapping.items:
                    if earlier.value == key.value:
                        self.builder.problem(
                            "CFG002",
                            key,
                            f"{table.name} gives the {key_column.name} {quoted(key.value)} of "
                            f"{quoted(owner)} twice (rows {earlier.line & 0x1FFFFF} and "
                            f"{key.line & 0x1FFFFF})",
                            "Keep one of the two rows: cfgov would not know which to read.",
                        )
                        return
                mapping.items.append((key, value))
                return
        owned.append(
            (
                csv_tables._Cell(table.field.name, key.line, key.column),
                MappingNode([(key, value)], key.line, key.column),
            )
        )

    # -- evidence ---------------------------------------------------------------------------

    def _evidence(self, table: Table, grid: Grid) -> None:
        rows: list[tuple[int, list[str]]] = []
        for row, cells in grid.rows:
            texts = []
            refused = False
            for index, raw in enumerate(cells):
                column = Column(name=column_letters(index + 1), description="")
                if raw is SKIPPED:
                    refused = True
                if raw is SKIPPED or raw is None:
                    texts.append("")
                    continue
                if isinstance(raw, ExcelDate):
                    header = grid.rows[0][1]
                    name = _plain_text(header[index]) if index < len(header) else None
                    column = Column(
                        name=name or column.name,
                        description="",
                        field=_EVIDENCE_FIELDS.get(name or ""),
                    )
                text = self._text(column, _Placed(raw, self.line(grid.number, row), index + 1))
                if text is None:
                    refused = True
                texts.append("" if text is None else text.strip())
            if refused:
                continue  # its problem is reported; the row's other cells would mislead
            if any(texts) or row == grid.rows[0][0]:
                rows.append((self.line(grid.number, row), texts))
        first = len(self.collected.problems)
        _RowsReader(self.builder, rows, self.limits).read()
        problems = self.collected.problems
        for index in range(first, len(problems)):
            found = problems[index]
            if _LINE_WORDS.search(found.message):  # the reader's words for a CSV file's lines
                message = _LINE_WORDS.sub(lambda m: self._row_words(int(m[1])), found.message)
                problems[index] = attrs.evolve(found, message=message)

    def _row_words(self, line: int) -> str:
        row = line & 0xFFFFFFFF
        if self.workbook:
            row &= (1 << SHEET_SHIFT) - 1
        return f"row {row}"


_ID = Column(name="id", description="", field=COLLECTIONS["segments"].field("id"))
_EVIDENCE_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for spec in (RESULTS, RESULT_PERIOD, FEEDBACK, DEMAND, DEMAND_PERIOD)
    for f in spec.fields
    if f.type in (T.PERIOD, T.DATE)
}


#: What names a row to the rows under it: its id, or its owner's keys and its number.
Key = tuple[str, ...]


def _key_text(cell: _Placed | None) -> str:
    """The id or number a key cell holds, or "" for none."""
    if cell is None or cell.raw is SKIPPED or isinstance(cell.raw, ExcelDate):
        return ""
    return id_text(_plain_text(cell.raw))


@attrs.frozen
class _Placed:
    """A cell as read, with the line its nodes carry and its column's number."""

    raw: Raw | _Skipped
    line: int
    column: int


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _given(raw: Raw | _Skipped) -> bool:
    return raw is not None and raw != ""


def _plain_text(raw: Raw | _Skipped) -> str:
    if raw is None or raw is SKIPPED:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return str(int(raw))
    return str(raw)


def _header_text(raw: Raw | _Skipped) -> str:
    return _plain_text(raw).strip()


class _RowsReader(csv_tables._Reader):
    """The CSV evidence reader over rows already read from a sheet, each at its row."""

    spans_lines = False

    def __init__(
        self, builder: _Builder, rows: list[tuple[int, list[str]]], limits: Limits
    ) -> None:
        super().__init__(builder, "", limits)
        self.given_rows = rows
        self.sheet_builder = builder

    def problem(self, code: str, line: int, column: int | None, message: str, hint: str) -> None:
        where = self.sheet_builder.where(line, column)
        self.builder.problem(code, csv_tables._Cell("", line, column or 1), message, hint, at=where)

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        yield from self.given_rows

    def _scan(self, line: int, cells: list[str]) -> None:
        return  # the cells were scanned with the rest of the workbook


def _typed_with_commas(item: str, text: str) -> bool:
    """Whether an item of a list cell holds a comma outside double quotes."""
    return "," in item and '"' + item.replace('"', '""') + '"' not in text


def split_list(text: str) -> tuple[list[str], str | None]:
    """The items of a list cell (see the module's docs), or the reason it cannot be read."""
    items: list[str] = []
    index, end = 0, len(text)
    while index < end:
        while index < end and text[index] in " \t":
            index += 1
        if index < end and text[index] == '"':
            index += 1
            item = []
            while True:
                if index >= end:
                    return [], "a quoted item is not closed by a double quote"
                char = text[index]
                if char == '"':
                    if text.startswith('""', index):
                        item.append('"')
                        index += 2
                        continue
                    index += 1
                    break
                item.append(char)
                index += 1
            items.append("".join(item))
            while index < end and text[index] in " \t":
                index += 1
            if index < end and text[index] != ";":
                return (
                    [],
                    f"a quoted item is followed by {quoted(excerpt(text[index:], 20))} "
                    "before the next `;`",
                )
            index += 1
            continue
        stop = text.find(";", index)
        stop = end if stop < 0 else stop
        item_text = text[index:stop].strip()
        if item_text:
            items.append(item_text)
        index = stop + 1
    return items, None


# -- CSV folders -------------------------------------------------------------------------


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A table as CSV text: UTF-8 text, comma-separated, quoted where needed, LF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in row])
    return out.getvalue()


def csv_files(model: Model) -> dict[str, str]:
    """The model as a folder of CSV files: a file per table, and ``README.md``."""
    files = {f"{r.table.name}.csv": csv_text(r.header, r.rows) for r in model_rows(model)}
    files["README.md"] = readme_markdown()
    return files


def readme_markdown() -> str:
    """The "Read me" sheet as markdown, for a CSV folder."""
    lines = [
        "# A cfgov model as CSV files",
        "",
        README_TEXT.replace("workbook", "folder")
        .replace("sheet", "file")
        .replace("`cfgov import xlsx`", "`cfgov import csv`"),
        "",
    ]
    rows = readme_rows()[1:]
    for table in TABLES:
        lines += [f"## {table.name}.csv", "", table.description, ""]
        lines += ["| column | required | how to write it | what it holds |", "|---|---|---|---|"]
        for row in rows:
            if row[0] == table.name and row[1]:
                cells = [c.replace("|", "\\|").replace("\n", " ") for c in row[1:]]
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def read_csv_grid(text: str, number: int, name: str) -> Grid:
    """A CSV file's rows as the grid of table ``name``, each row at the line it starts on.

    The cells are separated by commas or, as Excel writes "CSV" where a comma is the
    decimal sign, by semicolons: a header line with semicolons and no comma says which
    (no column name holds either). Raises :class:`csv.Error` for text that is not CSV.
    """
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    rows: list[tuple[int, list[Raw | _Skipped]]] = []
    done = 0
    for cells in reader:
        start, done = done + 1, reader.line_num
        rows.append((start, [c if c else None for c in cells]))
    return Grid(name=name, number=number, rows=rows)


def read_csv_folder(folder: str, files: dict[str, str], limits: Limits) -> TableReader:
    """Read a folder's CSV files (name to text, decoded already) as the model's tables.

    Files are named after their tables (``Segments.csv``); ``README.md`` and other files
    that are not CSV are left alone. The problems are in ``reader.collected``.
    """
    names = sorted(n for n in files if n.lower().endswith(".csv"))
    paths = [f"{folder.rstrip('/')}/{n}" for n in names] or [folder]
    reader = TableReader(paths, limits, workbook=False)
    grids: list[Grid] = []
    unknown: list[tuple[int, str]] = []
    for number, name in enumerate(names):
        stem = name[: -len(".csv")]
        if stem not in TABLES_BY_NAME:
            unknown.append((number, stem))
            continue
        text = files[name].removeprefix("\ufeff")
        try:
            grids.append(read_csv_grid(text, number, stem))
        except csv.Error as exc:
            reader.problem(
                number,
                None,
                None,
                "CFG028",
                f"{name} cannot be read as CSV ({excerpt(str(exc), 80)})",
                "Put a value that holds a comma, a quote or a line break in double quotes, and "
                'write a quote inside it twice; saving as "CSV UTF-8" from a spreadsheet does.',
            )
            reader.collected.unreadable_files += 1
    reader.read(grids, unknown)
    return reader
