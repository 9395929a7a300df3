"""The model as an XLSX workbook, both ways: the only module that imports openpyxl.

The layout (which sheets, which columns) is :mod:`cfgov.io.tables`'s; this module
only puts the cells in a workbook and takes them out again. Writing gives each
table a sheet with its header frozen, drop-down lists for the allowed words, and
readable column widths, after a "Read me" sheet explaining every column. Reading
checks the workbook itself (merged cells, formulas with no value, sheets cfgov does
not know) and hands the cells to :class:`cfgov.io.tables.TableReader`.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell as _OpenpyxlCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.writer.excel import ExcelWriter

from cfgov.io import tables
from cfgov.io.build import Collected
from cfgov.io.format import FieldType
from cfgov.io.limits import Limits
from cfgov.model import Finding, Location, Model, Severity
from cfgov.model.findings import quoted
from cfgov.model.sources import workbook_name

#: The date every workbook says it was made and changed, so that two exports of one
#: model are the same bytes.
FIXED_TIME = datetime.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
#: Columns whose values are text even when they look like numbers or dates: the
#: spreadsheet is told so (number format ``@``), so a period typed as 2025-04 stays text.
_TEXT_TYPES = {
    FieldType.ID,
    FieldType.TEXT,
    FieldType.REF,
    FieldType.REFS,
    FieldType.TEXTS,
    FieldType.DATE,
    FieldType.PERIOD,
    FieldType.CHOICE,
    FieldType.CHOICES,
    FieldType.BOOL,
}
#: The most a workbook may hold, unpacked, for each byte of Limits.max_file_bytes (the
#: memory openpyxl needs grows with it, as it reads every cell at once): an
#: XLSX file is a zip of XML, which a real workbook packs about eight times.
UNPACKED_PER_BYTE = 20


# -- writing -----------------------------------------------------------------------------


def workbook_bytes(model: Model) -> bytes:
    """The model as an XLSX workbook; the same model always gives the same bytes."""
    book = openpyxl.Workbook()
    readme = book.active
    assert readme is not None
    readme.title = tables.README
    _readme(readme)
    filled = tables.model_rows(model)
    lists = book.create_sheet(tables.LISTS)
    words: dict[tuple[str, ...], str] = {}
    for rows in filled:
        sheet = book.create_sheet(rows.table.name)
        _sheet(sheet, rows, lists, words)
    book.move_sheet(lists, offset=len(book.sheetnames))
    lists.sheet_state = "visible"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "cfgov"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
    return _fixed_times(packed.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The zip with every member dated :data:`_ZIP_TIME`, as zip files record the time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def _readme(sheet: Any) -> None:
    sheet.append([tables.README_TEXT])
    sheet.append([])
    for number, row in enumerate(tables.readme_rows()):
        sheet.append(row)
        if number == 0 or not row[1]:
            for index in range(1, len(row) + 1):
                sheet.cell(row=number + 3, column=index).font = _BOLD
    sheet.freeze_panes = "A4"
    for letter, width in zip("ABCDE", (22, 24, 10, 36, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        row[4].alignment = _WRAP


def _sheet(sheet: Any, rows: tables.Rows, lists: Any, words: dict[tuple[str, ...], str]) -> None:
    sheet.append(list(rows.header))
    for cell in sheet[1]:
        cell.font = _BOLD
    for number, row in enumerate(rows.rows, start=2):
        values = [_exact(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values, start=1):
            if isinstance(value, str) and value[:1] in ("=", "#"):
                cell = sheet.cell(row=number, column=index)
                if cell.data_type in ("f", "e"):  # text such as "=x" or "#N/A", no formula
                    cell.data_type = "s"
    sheet.freeze_panes = "A2"
    by_name = {c.name: c for c in rows.table.columns}
    for index, name in enumerate(rows.header, start=1):
        letter = get_column_letter(index)
        column = by_name.get(name)
        longest = max(
            [
                len(name),
                *(len(str(r[index - 1])) for r in rows.rows[:200] if r[index - 1] is not None),
            ]
        )
        sheet.column_dimensions[letter].width = min(60, max(10, longest + 2))
        if column is None:
            continue
        if column.field is None or column.field.type in _TEXT_TYPES:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"
        if column.choices:
            source = words.get(column.choices)
            if source is None:
                source = words[column.choices] = _list_column(lists, column.choices)
                # Headed by the first column offering the words, so that one can tell the
                # lists apart (columns that offer the same words share one).
                lists.cell(row=1, column=lists.max_column).value = f"{sheet.title}: {name}"
            check = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"Not a word {name} allows",
                error="Choose one of the words in the list: " + ", ".join(column.choices)[:200],
            )
            check.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(check)
        elif column.field is not None and column.field.type is FieldType.CHOICES:
            # A list of words in one cell: a drop-down would take one word only, so the cell
            # says which words it takes, and cfgov checks each word as it reads the sheet.
            words_allowed = ", ".join(column.field.choices)
            check = DataValidation(
                allow_blank=True,
                showInputMessage=True,
                promptTitle=f"Words for {name}"[:32],
                prompt=f"Words separated by `; `, from: {words_allowed}"[:255],
            )
            check.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(check)


def _exact(value: tables.Cell) -> tables.Cell:
    """A figure as the sheet keeps it: a number, or as text if a spreadsheet's 15 digits
    would round it (cfgov reads a number stored as text as the number)."""
    if isinstance(value, float) and float(f"{value:.15g}") != value:
        return repr(value)
    return value


def _list_column(lists: Any, choices: tuple[str, ...]) -> str:
    """A column of the "Lists" sheet holding the words, and the range naming it."""
    index = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    letter = get_column_letter(index)
    lists.cell(row=1, column=index, value="words").font = _BOLD
    for number, word in enumerate(choices, start=2):
        lists.cell(row=number, column=index, value=word)
    return f"{tables.LISTS}!${letter}$2:${letter}${len(choices) + 1}"


# -- reading -----------------------------------------------------------------------------


class UnreadableWorkbook(Exception):
    """A file that is no workbook cfgov can read, with a finding saying why and what to do."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _unreadable(name: str, message: str, hint: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        Finding(
            code="CFG039",
            severity=Severity.ERROR,
            message=message,
            hint=hint,
            location=Location(name),
        )
    )


def too_large(name: str, size: int, limits: Limits) -> UnreadableWorkbook:
    """The problem of a workbook of ``size`` bytes, more than ``limits`` take."""
    return _unreadable(
        name,
        f"the workbook is {size:,} bytes, more than the limit of {limits.max_file_bytes:,}",
        "Split the model over several workbooks, or export its evidence to CSV; programs "
        "that load very large models can raise Limits.max_file_bytes.",
    )


def open_workbook(data: bytes, name: str, limits: Limits) -> Any:
    """The workbook in ``data``, or :class:`UnreadableWorkbook` saying why it cannot be read."""
    if len(data) > limits.max_file_bytes:
        raise too_large(name, len(data), limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unreadable(
            name,
            "this file is not an XLSX workbook: it is protected with a password, or saved in "
            "the old Excel 97-2003 format (.xls)",
            'Open it, remove the password (File, Info, Protect Workbook) and save it as "Excel '
            'Workbook (.xlsx)".',
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(m.file_size for m in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable(
            name,
            "this file is not an XLSX workbook (it is not the zip file an XLSX file is), or it "
            "is damaged",
            'Save the workbook from the spreadsheet as "Excel Workbook (.xlsx)"; for a CSV '
            "file, use `cfgov import csv` with the folder holding it.",
        ) from None
    if unpacked > UNPACKED_PER_BYTE * limits.max_file_bytes:
        raise _unreadable(
            name,
            f"the workbook unpacks to {unpacked:,} bytes, far more than any model needs",
            "Split the model over several workbooks; a file that packs this tightly is most "
            "likely not a workbook written by a spreadsheet.",
        )
    if "xl/workbook.xml" not in names:
        raise _unreadable(
            name,
            "this file is a zip file but not an XLSX workbook (it holds no xl/workbook.xml)",
            'Save the workbook from the spreadsheet as "Excel Workbook (.xlsx)"; an .ods or '
            ".numbers file must be saved as .xlsx first.",
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _unreadable(
            name,
            "the workbook cannot be read: it is damaged or not a real XLSX file "
            f"({type(exc).__name__})",
            'Open it in a spreadsheet and save it again as "Excel Workbook (.xlsx)".',
        ) from None


_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's member of the zip, and the sheet's name."""
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): str(r.get("Target", "")) for r in rels.iter(f"{_RELS}Relationship")}
    members: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        members[member] = str(sheet.get("name", ""))
    return members


def _count_tags(archive: zipfile.ZipFile, member: str, most: int) -> bool:
    """Whether the sheet's XML holds more than ``most`` rows or cells (read as a stream,
    never all at once)."""
    rows = cells = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            rows += text.count(b"<row")
            cells += text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/")
            if rows > most or cells > most:
                return True
            tail = text[-3:]
            rows -= tail.count(b"<row")
            cells -= tail.count(b"<c ") + tail.count(b"<c>") + tail.count(b"<c/")
    return False


def _without_oversized_sheets(data: bytes, limits: Limits) -> tuple[bytes, set[str]]:
    """The workbook with each sheet of more rows or cells than ``limits.max_nodes`` emptied,
    and those sheets' names: openpyxl reads every cell of a sheet into memory, so a sheet
    of a million formatted empty rows would take a minute and gigabytes before it could be
    refused. A file that is no workbook, or too large, is left for :func:`open_workbook`."""
    if len(data) > limits.max_file_bytes:
        return data, set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(m.file_size for m in infos) > UNPACKED_PER_BYTE * limits.max_file_bytes:
                return data, set()
            members = _sheet_members(archive)
            big = {
                member
                for member in members
                if member in archive.namelist() and _count_tags(archive, member, limits.max_nodes)
            }
            if not big:
                return data, set()
            packed = io.BytesIO()
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
                for info in infos:
                    target.writestr(
                        info, _EMPTY_SHEET if info.filename in big else archive.read(info)
                    )
    except Exception:  # a damaged file: open_workbook says what is wrong with it
        return data, set()
    return packed.getvalue(), {members[m] for m in big}


def read_workbook(
    data: bytes, name: str, limits: Limits, into: Collected | None = None
) -> tables.TableReader:
    """Read a workbook as the model's tables; problems are in ``reader.collected``
    (``into``, when given: what the model's other files gave).

    Raises :class:`UnreadableWorkbook` for a file that is no workbook.
    """
    data, oversized = _without_oversized_sheets(data, limits)
    book = open_workbook(data, name, limits)
    sheets = list(book.sheetnames)
    reader = tables.TableReader([workbook_name(name, sheets)], limits, workbook=True, into=into)
    cached: Any = None
    grids: list[tables.Grid] = []
    unknown: list[tuple[int, str]] = []
    for number, title in enumerate(sheets):
        if title in (tables.README, tables.LISTS):
            continue
        if title not in tables.TABLES_BY_NAME:
            unknown.append((number, title))
            continue
        sheet = book[title]
        if not hasattr(sheet, "iter_rows"):
            unknown.append((number, title))  # a chart sheet
            continue
        if title in oversized or sheet.max_row * sheet.max_column > limits.max_nodes:
            reader.problem(
                number,
                None,
                None,
                "CFG014",
                f"the sheet {quoted(title)} holds more than {limits.max_nodes:,} cells",
                "Delete rows and columns that are not part of the model (formatting far below "
                "the data counts too), or split the model over several workbooks; programs "
                "that load very large models can raise Limits.max_nodes.",
            )
            reader.collected.unreadable_files += 1
            continue
        for ranges in sheet.merged_cells.ranges:
            reader.problem(
                number,
                ranges.min_row,
                ranges.min_col,
                "CFG036",
                f"the cells {ranges.coord} are merged, and a merged cell keeps its value in its "
                "first cell only",
                "Unmerge them (Home, Merge & Center, Unmerge Cells) and fill the value into every "
                "cell it is for: cfgov reads each cell on its own.",
            )
        skipped: set[tuple[int, int]] = set()
        for ranges in sheet.merged_cells.ranges:
            for row in range(ranges.min_row, ranges.max_row + 1):
                for column in range(ranges.min_col, ranges.max_col + 1):
                    skipped.add((row, column))
        rows: list[tuple[int, list[Any]]] = []
        for row in sheet.iter_rows():
            values: list[Any] = []
            for cell in row:
                at = (cell.row, cell.column)
                if at in skipped:
                    values.append(tables.SKIPPED)
                    continue
                value = cell.value
                if cell.data_type == "f" or isinstance(value, ArrayFormula):
                    if cached is None:
                        cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
                    value = cached[title].cell(row=cell.row, column=cell.column).value
                    if value is None or (isinstance(value, str) and value.startswith("#")):
                        formula = value if value is not None else _formula_text(cell)
                        reader.problem(
                            number,
                            cell.row,
                            cell.column,
                            "CFG037",
                            f"this cell holds a formula ({formula}) with no value saved"
                            if value is None
                            else f"this cell's formula gives the error {value}",
                            "cfgov reads the value a formula last gave, which a spreadsheet "
                            "saves with the workbook: open the workbook in a spreadsheet and "
                            "save it again, or fix the formula, or type the value in instead.",
                        )
                        values.append(tables.SKIPPED)
                        continue
                elif cell.data_type == "e":
                    reader.problem(
                        number,
                        cell.row,
                        cell.column,
                        "CFG037",
                        f"this cell shows the error {value}",
                        "Fix the formula or figure, or leave the cell empty.",
                    )
                    values.append(tables.SKIPPED)
                    continue
                values.append(_raw(value, cell))
            while values and values[-1] is None:
                values.pop()
            rows.append((row[0].row if row else 0, values))
        grids.append(tables.Grid(name=title, number=number, rows=rows))
    reader.read(grids, unknown)
    return reader


def _formula_text(cell: _OpenpyxlCell) -> str:
    value = cell.value
    text = str(value.text if isinstance(value, ArrayFormula) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def _raw(value: Any, cell: Any) -> tables.Raw:
    """A cell's value as :mod:`cfgov.io.tables` reads it."""
    if value is None or isinstance(value, str | bool | int | float):
        return value if value != "" else None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        shown = str(cell.number_format or "").lower()
        shows_day = "d" in shown.replace("[red]", "") or shown in ("general", "")
        return tables.ExcelDate(value, shows_day)
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value)
