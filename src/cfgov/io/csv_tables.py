"""Read evidence from CSV tables: results, feedback and demand, one record per row.

Analysts keep figures in spreadsheets, one row per measure, period and breakdown.
A ``*.csv`` file in a model's folder is read as one of three tables, chosen by its
header (the first row):

* **results**: ``measure`` and ``period`` required; ``target``, ``actual``,
  ``status``, ``source``, ``comment``; and a column per breakdown dimension,
  named ``breakdown.<dimension>`` (``breakdown.channel``).
* **feedback**: ``segment``, ``period`` and ``source`` required; ``kind``,
  ``channel``, ``service``, ``asked``, ``answered``, ``score_0`` ... ``score_10``
  (how many gave each score), ``theme.<text>`` (how many gave each answer to
  "what would have made it a 10?") and ``comment``.
* **demand**: ``segment`` and ``period`` required, and ``value`` or ``failure``
  (or ``failure.<type>`` columns, whose sum is then the failure demand);
  ``channel``, ``service``, ``source``, ``comment``.

The file is UTF-8 (a byte-order mark, as Excel writes, is allowed), comma-separated,
quoted as RFC 4180 says (a value holding a comma, a quote or a line break is put in
double quotes, a quote inside doubled), with lines ending in LF or CR LF. Spaces
around a value are ignored; an empty cell is "not given". Values are kept as
written: ``2025`` stays the text ``2025``, an id ``007`` keeps its zeros.

Each row is read through the same checks as an entry of a YAML file (see
:class:`cfgov.io.build.FileBuilder`), so a value is refused for the same reasons
and with the same advice. Problems are located ``file.csv:ROW:COLUMN``: ROW is the
line of the file the cell starts on, counting the header as 1 (the row number a
spreadsheet shows, unless a cell above holds a line break), and COLUMN counts the
columns from 1 (column C is 3). Positions are recorded under the measure or segment,
at each record's path, as for YAML, so findings of the rules point at the cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import attrs

from cfgov.io import characters
from cfgov.io.build import (
    PATH_CHARS_PER_BYTE,
    Collected,
    FileBuilder,
    _lower_first,
    _number_hint,
    _Part,
    _part,
    _TooManyProblems,
    did_you_mean,
)
from cfgov.io.format import COLLECTION_ATTRIBUTES, COLLECTIONS, FieldSpec
from cfgov.io.limits import Limits
from cfgov.io.nodes import AnyNode, MappingNode, ScalarNode, SequenceNode
from cfgov.model import Location
from cfgov.model.findings import excerpt, quoted

#: The suffix of the files this module reads.
CSV_SUFFIX = ".csv"

_SCORE_COLUMN = re.compile(r"score_([0-9]+)")
_YAML_GROUPING = re.compile(r" \(or `[0-9_.]+`\)")
_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: What spreadsheets write in a cell whose formula failed: never a figure.
_SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
#: What a spreadsheet's total row says where a row names its measure or segment.
_TOTAL = re.compile(r"(grand |sub-?)?totals?:?", re.I)
_NOT_NUMBERS = frozenset({"nan", "inf", "-inf", "+inf", "infinity", "-infinity"})
#: What spreadsheets and statistical tables write for "no figure": a dash, n/a, ONS's `..`.
#: In a cell with no quotes to tell text, they are not a qualitative result either.
_NO_FIGURE = frozenset({"-", "\u2013", "\u2014", "n/a", "na", "..", "\u2026", "?", "tbc", "tba"})


@attrs.frozen
class Table:
    """One kind of evidence table: its columns and how a row becomes a YAML-like entry."""

    #: The collection the rows go to: ``results``, ``feedback`` or ``demand``.
    name: str
    #: The column that names what each row is about: ``measure`` or ``segment``.
    owner: str
    #: The columns of one name, in the order the docs list them.
    columns: tuple[str, ...]
    #: The columns every table of this kind must have.
    required: tuple[str, ...]
    #: For a series (results, demand): the columns that belong to the series, the rest
    #: to its one period. Empty for feedback, whose entries are flat.
    series: frozenset[str] = frozenset()
    #: Columns named ``<prefix><key>``: the prefix, and the field of the entry they fill.
    prefix: str = ""
    prefix_field: str = ""
    #: Whether the prefixed field belongs to the series rather than to the period.
    prefix_in_series: bool = False
    #: Whether ``score_0`` ... ``score_10`` columns fill a ``scores`` field.
    scores: bool = False

    def described(self) -> str:
        """The columns, for hints: ``measure, period, target, ... and breakdown.<dimension>``."""
        names = list(self.columns)
        if self.scores:
            names.insert(names.index("answered") + 1, "score_0 ... score_10")
        if self.prefix:
            names.append(f"{self.prefix}<{_PREFIX_WORDS[self.prefix]}>")
        return ", ".join(names)


_PREFIX_WORDS = {"breakdown.": "dimension", "theme.": "text", "failure.": "type"}

RESULTS = Table(
    name="results",
    owner="measure",
    columns=("measure", "period", "target", "actual", "status", "source", "comment"),
    required=("measure", "period"),
    series=frozenset({"measure"}),
    prefix="breakdown.",
    prefix_field="breakdown",
    prefix_in_series=True,
)
FEEDBACK = Table(
    name="feedback",
    owner="segment",
    columns=(
        "segment",
        "period",
        "source",
        "kind",
        "channel",
        "service",
        "asked",
        "answered",
        "comment",
    ),
    required=("segment", "period", "source"),
    prefix="theme.",
    prefix_field="themes",
    scores=True,
)
DEMAND = Table(
    name="demand",
    owner="segment",
    columns=(
        "segment",
        "period",
        "value",
        "failure",
        "channel",
        "service",
        "source",
        "comment",
    ),
    required=("segment", "period"),
    series=frozenset({"segment", "channel", "service"}),
    prefix="failure.",
    prefix_field="failure_types",
)
TABLES = (RESULTS, FEEDBACK, DEMAND)

#: Columns that only one table of those with a ``segment`` has: they tell feedback from demand.
_FEEDBACK_ONLY = frozenset({"kind", "asked", "answered"})
_DEMAND_ONLY = frozenset({"value", "failure"})


class _Cell(ScalarNode):
    """A cell, as the builder reads a plain YAML value; only an empty cell is empty.

    ``null`` or ``~`` in a cell is the text written, not "nothing" as in YAML.
    """

    __slots__ = ()

    def __init__(self, value: str, line: int, column: int) -> None:
        super().__init__(value, True, line, column)

    @property
    def is_null(self) -> bool:
        return not self.value


@attrs.frozen
class _Column:
    """What one column of the header fills: a field, or one key of a mapping field."""

    index: int
    name: str
    field: str
    key: str | None = None  # for a mapping field: the key (dimension, score, theme, type)


class _CsvBuilder(FileBuilder):
    """The YAML builder, told that its nodes are cells: locations are cells, words are columns."""

    #: The owner (measure or segment) of the nearest row above that names one: a row with
    #: none below it is most likely a merged cell's, which keeps its value in its first row.
    above: str = ""

    def _char_at(self, node: ScalarNode, index: int) -> Location:
        return self._loc(node)  # a column is a cell, not a character

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
        if label == part.words:
            label = f"this {label} row"
        hint = f"Fill in the `{field.name}` column: {_lower_first(field.description)}"
        if field.name in ("measure", "segment") and self.above:
            hint += (
                f" A merged cell keeps its value in its first row only: if this row is "
                f"for {quoted(self.above)} too, unmerge the cells and fill the "
                f"{field.name} into every row."
            )
        self.problem(
            "CFG006",
            written if written is not None else node,
            f"the `{field.name}` cell of {label} is empty",
            hint,
            entity=entity_id,
            field=field_path,
        )


def read_csv(text: str, name: str, limits: Limits, collected: Collected) -> None:
    """Read one CSV file's text (decoded already) into ``collected``, reporting every problem."""
    builder = _CsvBuilder(
        name,
        collected,
        limits.max_problems_per_file,
        max_path_chars=PATH_CHARS_PER_BYTE * limits.max_file_bytes,
    )
    try:
        _Reader(builder, text, limits).read()
    except _TooManyProblems:
        collected.unreadable_files += 1


class _Stop(Exception):
    """The file cannot be read further (a syntax error, a limit)."""


class _Reader:
    #: Whether a row spans as many lines as its cells hold line breaks (in a CSV file),
    #: or is one row whatever its cells hold (rows read from a workbook's sheet).
    spans_lines = True

    def __init__(self, builder: _CsvBuilder, text: str, limits: Limits) -> None:
        self.builder = builder
        self.name = builder.file
        self.text = text
        self.limits = limits

    def problem(self, code: str, line: int, column: int | None, message: str, hint: str) -> None:
        """Report a problem at a cell (or, with no column, at a line)."""
        where = Location(self.name, line, column)
        self.builder.problem(code, _Cell("", line, column or 1), message, hint, at=where)

    # -- the file --------------------------------------------------------------------

    def read(self) -> None:
        if "\r" in self.text and self._lone_carriage_return():
            return
        rows = self._rows()
        header: tuple[int, list[str]] | None = None
        body: list[tuple[int, list[str]]] = []
        try:
            for line, cells in rows:
                if header is None:
                    header = (line, cells)
                else:
                    body.append((line, cells))
        except _Stop:
            self.builder.into.unreadable_files += 1
        if header is None:
            return  # an empty file adds nothing, as an empty YAML file
        for line, cells in [header, *body]:
            self._scan(line, cells)
        table = self._table(*header)
        if table is None:
            return
        columns = self._columns(table, *header, body)
        if columns is None:
            return
        self._body(table, columns, len(header[1]), body)

    def _lone_carriage_return(self) -> bool:
        """Report a carriage return with no line feed after it (CFG022), which stops the file.

        The CSV reader ends a row there, where editors, code review and git show none (or
        one long line, for a file saved by old Mac programs): the rows would not be the
        ones people see.
        """
        found = _LONE_CR.search(self.text)
        if found is None:
            return False
        line = self.text.count("\n", 0, found.start()) + 1
        self.problem(
            "CFG022",
            line,
            None,
            f"line {line} holds a carriage return (CR, U+000D) that no line feed follows, "
            "where editors and code review show no new row but a CSV reader starts one",
            "Save the file with ordinary line endings (LF, or CR LF as Windows writes them); "
            'a spreadsheet\'s "CSV UTF-8" does.',
        )
        self.builder.into.unreadable_files += 1
        return True

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each row that is not blank, with the line it starts on; cells stripped of spaces."""
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True, skipinitialspace=True)
        cells_read = 0
        done = 0  # lines read up to the end of the last row
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._syntax(str(exc), done + 1, reader.line_num)
                raise _Stop from None
            line, done = done + 1, reader.line_num
            cells = [cell.rstrip(" \t") for cell in row]
            cells_read += len(cells)
            if cells_read > self.limits.max_nodes:
                self.problem(
                    "CFG014",
                    line,
                    1,
                    f"the file holds more than {self.limits.max_nodes:,} cells",
                    "Split the table over several files; programs that load very large "
                    "models can raise Limits.max_nodes.",
                )
                raise _Stop
            for number, cell in enumerate(cells):
                if len(cell) > self.limits.max_scalar_chars:
                    self.problem(
                        "CFG014",
                        line + _breaks_before(cells, number),
                        number + 1,
                        f"a cell here is {len(cell):,} characters long, more than the limit of "
                        f"{self.limits.max_scalar_chars:,}",
                        "No figure or comment needs this much; look for text pasted in by "
                        'mistake, or a quote (") that opens a value and is never closed.',
                    )
                    raise _Stop
            if any(cells):
                yield line, cells

    def _syntax(self, reason: str, start: int, line: int) -> None:
        """Report what stopped the CSV reader (CFG028), in words for the person who wrote it."""
        if "field larger than field limit" in reason:
            self.problem(
                "CFG014",
                start,
                1,
                f"a cell starting on line {start} is longer than {csv.field_size_limit():,} "
                "characters, more than any figure or comment needs",
                'Look for a quote (") that opens a value and is never closed, or text pasted '
                "in by mistake.",
            )
            return
        if "unexpected end of data" in reason or "EOF" in reason:
            message = (
                f'a quoted value (") in the row starting on line {start} is not closed before '
                "the end of the file"
            )
        elif "expected after" in reason:
            message = f"on line {line} a quoted value is followed by more text before the comma"
        elif "new-line character" in reason:
            message = (
                f"line {line} holds a carriage return (CR) alone inside a value that is not quoted"
            )
        else:
            message = f"line {line} cannot be read as CSV ({excerpt(reason, 80)})"
        self.problem(
            "CFG028",
            line,
            None,
            message,
            "Put a value that holds a comma, a quote or a line break in double quotes, and "
            'write a quote inside it twice: `"Fixed, ""mostly"""`. Saving the sheet as '
            '"CSV UTF-8" from a spreadsheet does this for you.',
        )

    def _scan(self, line: int, cells: list[str]) -> None:
        """Report hidden characters in the cells (CFG022), each at its cell."""
        for number, cell in enumerate(cells):
            if cell.isascii() and "\r" not in cell:
                continue
            found, _ = characters.scan(self.name, cell)
            for problem in found:
                where = Location(self.name, line + _breaks_before(cells, number), number + 1)
                self.builder.problem(
                    problem.code, _Cell("", 1, 1), problem.message, problem.hint, at=where
                )

    # -- the header ------------------------------------------------------------------

    def _table(self, line: int, header: list[str]) -> Table | None:
        """The table the header is for, or None after reporting that it fits none (CFG027)."""
        names = {_normal(name) for name in header}
        if "measure" in names:
            return RESULTS
        if "segment" in names:
            feedback = sum(
                1
                for n in names
                if n in _FEEDBACK_ONLY or n.startswith("theme.") or _SCORE_COLUMN.fullmatch(n)
            )
            demand = sum(1 for n in names if n in _DEMAND_ONLY or n.startswith("failure."))
            if feedback > demand:
                return FEEDBACK
            if demand > feedback:
                return DEMAND
            if feedback == demand == 0:
                self._fits_none(
                    line,
                    header,
                    "this CSV file has a `segment` column, but no column that says whether it "
                    "holds feedback or demand",
                )
                return None
            self._fits_none(
                line,
                header,
                "this CSV file has columns of a feedback table and of a demand table",
            )
            return None
        self._fits_none(
            line,
            header,
            "the header of this CSV file fits none of cfgov's evidence tables (results, "
            "feedback, demand): it has neither a `measure` nor a `segment` column",
        )
        return None

    def _fits_none(self, line: int, header: list[str], message: str) -> None:
        shown = ", ".join(excerpt(name, 40) for name in header[:12])
        if len(header) > 12:
            shown += ", ..."
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            mark = "semicolons" if ";" in header[0] else "tabs"
            hint = (
                f"The columns seem to be separated by {mark}: cfgov reads comma-separated "
                'files (save the sheet as "CSV UTF-8 (comma delimited)"). '
            )
        else:
            guesses = {
                name: guess
                for name in header
                if (guess := did_you_mean(name, ("measure", "segment"))) and guess != name
            }
            if guesses:
                name, guess = next(iter(guesses.items()))
                hint = f"Did you mean `{guess}` for {quoted(name)}? "
        hint += (
            "A results table needs the columns `measure` and `period`; feedback, `segment`, "
            "`period` and `source`; demand, `segment`, `period` and `value` or `failure` "
            f"(the manual's page on evidence lists them all). The header here is: {shown}. "
            "If the file is not evidence for the model, add its path from the model's folder "
            'to `exclude` in cfgov.toml: `exclude = ["'
            + excerpt(self.name.replace("\\", "/").rsplit("/", 1)[-1], 40)
            + '"]`.'
        )
        self.problem("CFG027", line, 1, message, hint)

    def _columns(
        self, table: Table, line: int, header: list[str], body: list[tuple[int, list[str]]]
    ) -> list[_Column] | None:
        """What each named column fills; None if a required column is missing."""
        columns: list[_Column] = []
        seen: dict[tuple[str, str | None], int] = {}
        missing = set(table.required)
        guessed: set[str] = set()
        known = list(table.columns) + ([f"score_{n}" for n in range(11)] if table.scores else [])
        for index, name in enumerate(header):
            where = index + 1
            column = self._column(table, index, name)
            if column is None:
                if not name:
                    filled = next((row for row, cells in body if _cell(cells, index)), None)
                    if filled is not None:
                        self.problem(
                            "CFG006",
                            line,
                            where,
                            f"column {where} has no name in the header, but holds values "
                            f"(from line {filled})",
                            "Give the column its name in the header (one of: "
                            f"{table.described()}), or delete the column.",
                        )
                    continue  # a column with no name and nothing in it is left alone
                if characters.hidden_in_id(name) is not None or characters.reported(name):
                    visible = characters.visible(name)
                    guessed.add(visible)
                    continue  # reported by the character checks
                guess = did_you_mean(name, known)
                if guess is not None:
                    guessed.add(guess)
                self.problem(*self._unknown(table, name, guess, line, where))
                continue
            key = (column.field, column.key)
            if key in seen:
                self.problem(
                    "CFG002",
                    line,
                    where,
                    f"the column {quoted(name)} appears twice in the header (columns "
                    f"{seen[key]} and {where})",
                    "Keep one of the two: cfgov would not know which to read. This column is "
                    "left out.",
                )
                continue
            seen[key] = where
            missing.discard(column.field)
            columns.append(column)
        for field in table.required:
            if field in missing and field not in guessed:
                self.problem(
                    "CFG006",
                    line,
                    len(header) + 1,
                    f"this {table.name} table has no `{field}` column",
                    f"Add a `{field}` column: a {table.name} table must have "
                    + _and(table.required)
                    + ". Its columns are: "
                    + table.described()
                    + ".",
                )
        if table is DEMAND and not any(
            c.field in ("value", "failure", "failure_types") for c in columns
        ):
            self.problem(
                "CFG006",
                line,
                len(header) + 1,
                "this demand table has neither a `value` nor a `failure` column",
                "Add the counts of value demand (`value`) and of failure demand (`failure`, "
                "or one `failure.<type>` column per type, such as `failure.chasing progress`).",
            )
            return None
        return None if missing else columns

    def _column(self, table: Table, index: int, name: str) -> _Column | None:
        """What a column fills, or None if its name is not one of the table's."""
        if name in table.columns:
            return _Column(index, name, name)
        if table.prefix and name.startswith(table.prefix) and name[len(table.prefix) :].strip():
            return _Column(index, name, table.prefix_field, name[len(table.prefix) :])
        score = _SCORE_COLUMN.fullmatch(name) if table.scores else None
        if score is not None and str(int(score[1])) == score[1] and int(score[1]) <= 10:
            return _Column(index, name, "scores", score[1])
        return None

    def _unknown(
        self, table: Table, name: str, guess: str | None, line: int, where: int
    ) -> tuple[str, int, int, str, str]:
        """The problem with a column name the table does not have: code, place and words."""
        code, message, hint = self._unknown_words(table, name, guess)
        return code, line, where, message, hint

    def _unknown_words(self, table: Table, name: str, guess: str | None) -> tuple[str, str, str]:
        message = f"{quoted(name)} is not a column of a {table.name} table"
        allowed = f"A {table.name} table may have the columns: {table.described()}."
        score = _SCORE_COLUMN.fullmatch(name)
        if table.prefix and name.strip() == table.prefix:
            return (
                "CFG005",
                f"the column {quoted(name)} names no {_PREFIX_WORDS[table.prefix]} after the dot",
                f"Name it `{table.prefix}<{_PREFIX_WORDS[table.prefix]}>`, "
                f"e.g. `{_PREFIX_EXAMPLES[table.prefix]}`.",
            )
        if table.scores and score is not None:
            return (
                "CFG005",
                f"the column {quoted(name)} is for a score of {excerpt(score[1])}, but scores "
                "run from 0 to 10",
                "Use one column per score, `score_0` to `score_10`, each with how many gave it "
                "(Seddon: one rating from 0 to 10).",
            )
        other = next(
            (
                t
                for t in TABLES
                if t is not table
                and (name in t.columns or (t.prefix and name.startswith(t.prefix)))
                and name not in table.columns
            ),
            None,
        )
        if guess is not None:
            return "CFG003", message, f"Did you mean `{guess}`? {allowed}"
        if other is not None:
            return (
                "CFG003",
                message,
                f"`{excerpt(name)}` is a column of {other.name} tables; keep each table in a "
                f"file of its own. {allowed}",
            )
        if table is RESULTS and "." not in name:
            return (
                "CFG003",
                message,
                f"{allowed} For results about part of what the measure covers, name the "
                f"column `breakdown.{excerpt(name)}`.",
            )
        return "CFG003", message, allowed

    # -- the rows --------------------------------------------------------------------

    def _body(
        self,
        table: Table,
        columns: list[_Column],
        width: int,
        body: list[tuple[int, list[str]]],
    ) -> None:
        spec = COLLECTIONS[table.name]
        part = _part(spec)
        into = self.builder.into.entities[COLLECTION_ATTRIBUTES[table.name]]
        values: dict[str, FieldSpec] = {}
        for field in spec.fields:
            values[field.name] = field
            if field.nested is not None:
                values.update((f.name, f) for f in field.nested.fields)
        for line, cells in body:
            extra = next((n for n in range(width, len(cells)) if cells[n]), None)
            if extra is not None:
                self.problem(
                    "CFG029",
                    line + (_breaks_before(cells, extra) if self.spans_lines else 0),
                    extra + 1,
                    f"this row has {len(cells)} cells, but the header names {width} columns: "
                    f"{quoted(excerpt(cells[extra], 40))} is in a column with no name",
                    "A comma inside a value splits it in two: put the value in double quotes "
                    '(`"Fixed, mostly"`). If the column is meant, give it a name in the header.',
                )
            owner = _cell(cells, next(c.index for c in columns if c.field == table.owner))
            if _TOTAL.fullmatch(owner):
                self.problem(
                    "CFG005",
                    line,
                    next(c.index for c in columns if c.field == table.owner) + 1,
                    f"this row's {table.owner} is {quoted(owner)}: it looks like a total of "
                    "the rows above, not a " + table.owner + " of the model",
                    "Delete the total row: cfgov adds up the figures itself (per segment, "
                    "objective and unit), and a total would count them twice.",
                )
                continue
            node = self._row(table, columns, line, cells, values)
            self.builder.above = owner or self.builder.above
            if node is not None:
                first = len(self.builder.into.problems)
                self.builder._evidence(part, node, table.name, into)
                self._reword(first, columns)

    def _reword(self, first: int, columns: list[_Column]) -> None:
        """Name a mapping's cells by their columns in the builder's messages: the builder
        says `scores.10` and `themes.Fixed first time`, the sheet `score_10` and
        `theme.Fixed first time`."""
        problems = self.builder.into.problems
        named = [c for c in columns if c.key is not None]
        for number in range(first, len(problems)):
            found = problems[number]
            message = found.message
            for column in named:
                message = message.replace(f"`{column.field}.{column.key}`", f"`{column.name}`")
            # `1_200` is how YAML groups digits, not a spreadsheet.
            hint = _YAML_GROUPING.sub("", found.hint) if found.hint else found.hint
            if message != found.message or hint != found.hint:
                problems[number] = attrs.evolve(found, message=message, hint=hint)

    def _row(
        self,
        table: Table,
        columns: list[_Column],
        line: int,
        cells: list[str],
        fields: dict[str, FieldSpec],
    ) -> MappingNode | None:
        """The row as the entry a YAML file would hold, each value at its cell."""
        outer: list[tuple[ScalarNode, AnyNode]] = []
        inner: list[tuple[ScalarNode, AnyNode]] = []
        groups: dict[str, list[tuple[ScalarNode, AnyNode]]] = {}
        ok = True
        has_counts = False
        first_count: int | None = None
        starts = _cell_lines(line, cells) if self.spans_lines else [line] * max(len(cells), 1)
        for column in columns:
            text = _cell(cells, column.index)
            if not text and column.field not in table.required:
                continue
            at = starts[column.index] if column.index < len(starts) else starts[-1]
            where = column.index + 1
            cell = _Cell(text, at, where)
            if column.key is not None:
                groups.setdefault(column.field, []).append((_Cell(column.key, at, where), cell))
                has_counts = has_counts or column.field == "failure_types"
                continue
            if column.field in ("value", "failure"):
                has_counts = True
            if column.field in ("target", "actual") and not self._figure(
                fields[column.field], cell, table, cells, columns
            ):
                continue  # reported; the rest of the row is still checked
            pair = (_Cell(column.field, at, where), cell)
            (outer if not table.series or column.field in table.series else inner).append(pair)
        for column in columns:
            if column.field in ("value", "failure", "failure_types") and first_count is None:
                first_count = column.index + 1
        for field, items in groups.items():
            value = items[0][1]
            mapping = MappingNode(items, value.line, value.column)
            group: tuple[ScalarNode, AnyNode] = (
                _Cell(field, mapping.line, mapping.column),
                mapping,
            )
            series = not table.series or (table.prefix_field == field and table.prefix_in_series)
            (outer if series else inner).append(group)
        if table is DEMAND and not has_counts and first_count is not None:
            owner = _cell(cells, next(c.index for c in columns if c.field == "segment"))
            self.problem(
                "CFG006",
                line,
                first_count,
                f"the row of demand for segment {quoted(owner)} in "
                f"{_cell(cells, next(c.index for c in columns if c.field == 'period')) or '?'} "
                "gives no count: its value and failure cells are empty",
                "Give the value demand (`value`), the failure demand (`failure`), or both.",
            )
            ok = False
        if not ok:
            return None
        if table.series:
            period = MappingNode(inner, line, 1)
            outer.append(
                (_Cell("periods", line, 1), SequenceNode([period], line, 1)),
            )
        return MappingNode(outer, line, 1)

    def _figure(
        self,
        field: FieldSpec,
        cell: _Cell,
        table: Table,
        cells: list[str],
        columns: list[_Column],
    ) -> bool:
        """Whether a target or actual is a figure or words; a number badly written is refused.

        In YAML, text in quotes is text (a qualitative result); a CSV cell has no such
        mark, so ``95%``, ``1,200`` or ``7.7 million`` are taken for numbers written in a
        way cfgov cannot read, and spreadsheet errors (``#DIV/0!``) are refused.
        """
        text = cell.value
        owner = _cell(cells, next(c.index for c in columns if c.field == table.owner))
        label = f"{table.owner} {quoted(owner)}" if owner else f"this {table.name} row"
        if text in _SPREADSHEET_ERRORS or text.lower() in _NOT_NUMBERS:
            what = "a spreadsheet's error" if text.startswith("#") else "not a number"
            self.builder.problem(
                "CFG005",
                cell,
                f"`{field.name}` of {label} is {quoted(text)}, {what}, not a figure",
                "Fix the formula or figure in the sheet, or leave the cell empty if there is "
                "no figure for the period.",
            )
            return False
        if text.lower() in _NO_FIGURE:
            self.builder.problem(
                "CFG005",
                cell,
                f"`{field.name}` of {label} is {quoted(text)}, which says there is no figure",
                "Leave the cell empty when there is no figure for the period (an empty cell "
                "is not given); write a qualitative measure's result in words.",
            )
            return False
        hint = _number_hint(text, field)
        if hint is None:
            return True
        if hint.endswith("`).") and "(or `" in hint:
            hint = hint[: hint.index(" (or `")] + "."  # `1_200` is YAML's, not a sheet's
        self.builder.problem(
            "CFG004",
            cell,
            f"`{field.name}` of {label} must be a number, not {quoted(text)}",
            hint + " Only a qualitative measure's results are words.",
        )
        return False


_PREFIX_EXAMPLES = {
    "breakdown.": "breakdown.channel",
    "theme.": "theme.Fixed first time",
    "failure.": "failure.chasing progress",
}


def _normal(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _cell_lines(line: int, cells: list[str]) -> list[int]:
    """The line each cell of a row starting on ``line`` starts on, worked out in one pass."""
    starts = []
    for cell in cells:
        starts.append(line)
        if "\n" in cell or "\r" in cell:
            line += len(_LINE_BREAK.findall(cell))
    return starts or [line]


def _breaks_before(cells: list[str], index: int) -> int:
    """How many line breaks the cells before ``index`` hold: the lines a row spans so far."""
    return sum(len(_LINE_BREAK.findall(c)) for c in cells[:index] if "\n" in c or "\r" in c)


def _and(names: tuple[str, ...]) -> str:
    shown = [f"`{n}`" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
