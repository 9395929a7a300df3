"""The model as tables: YAML -> workbook / CSV folder -> YAML gives an equal model, and
a workbook with an analyst's mistakes gives located, plain problems."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfgov import LoadError, Model, load
from cfgov.io import tables
from cfgov.io.limits import DEFAULT_LIMITS
from cfgov.io.loader import assemble
from cfgov.model import Finding
from cfgov.testing import models

openpyxl = pytest.importorskip("openpyxl")
from cfgov.io import xlsx  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.rglob("*.yaml")))


def _from_workbook(data: bytes, name: str = "book.xlsx") -> Model:
    reader = xlsx.read_workbook(data, name, DEFAULT_LIMITS)
    if reader.collected.problems:
        raise LoadError(reader.collected.problems)
    return assemble(reader.collected, (name,), require_entries=False)[0]


def _from_folder(files: dict[str, str]) -> Model:
    reader = tables.read_csv_folder("out", files, DEFAULT_LIMITS)
    if reader.collected.problems:
        raise LoadError(reader.collected.problems)
    return assemble(reader.collected, tuple(reader.names), require_entries=False)[0]


_FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(models())
def test_yaml_workbook_yaml_gives_an_equal_model(model: Model) -> None:
    assert _from_workbook(xlsx.workbook_bytes(model)) == model


@_FAST
@given(models())
def test_yaml_csv_folder_yaml_gives_an_equal_model(model: Model) -> None:
    assert _from_folder(tables.csv_files(model)) == model


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_each_example_survives_a_workbook_and_a_csv_folder(folder: Path) -> None:
    model = load(folder)
    expected = model  # nothing lost, nothing reordered
    assert _from_workbook(xlsx.workbook_bytes(model)) == expected
    assert _from_folder(tables.csv_files(model)) == expected


def test_the_examples_evidence_comes_back_too() -> None:
    model = load(EXAMPLES / "council")
    again = _from_workbook(xlsx.workbook_bytes(model))
    assert model.feedback
    assert model.demand
    assert [(f.segment, f.period, dict(f.scores)) for f in again.feedback] == [
        (f.segment, f.period, dict(f.scores)) for f in model.feedback
    ]
    assert [dict(d.failure_types) for d in again.demand] == [
        dict(d.failure_types) for d in model.demand
    ]


def test_two_exports_of_one_model_are_the_same_bytes() -> None:
    model = load(EXAMPLES / "dwp")
    assert xlsx.workbook_bytes(model) == xlsx.workbook_bytes(model)


def test_the_workbook_has_a_read_me_frozen_headers_and_drop_downs() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(load(EXAMPLES / "dwp"))))
    assert book.sheetnames[0] == "Read me"
    assert [t.name for t in tables.TABLES] == book.sheetnames[1:-1]
    segments = book["Segments"]
    assert segments.freeze_panes == "A2"
    category = [c.value for c in segments[1]].index("category") + 1
    letter = openpyxl.utils.get_column_letter(category)
    (validation,) = [
        v for v in segments.data_validations.dataValidation if str(v.sqref).startswith(letter)
    ]
    listed = book["Lists"][validation.formula1.split("!")[1].replace("$", "").split(":")[0]]
    words = [c.value for c in book["Lists"][listed.column_letter][1:]]
    assert [w for w in words if w] == ["target", "indirect"]
    readme = [tuple(r) for r in book["Read me"].iter_rows(values_only=True)]
    assert readme[next(i for i, r in enumerate(readme) if r[:2] == ("Segments", "category"))][
        :4
    ] == ("Segments", "category", "required", "one of: target, indirect")


# -- lists and texts in one cell --------------------------------------------------------------


@pytest.mark.parametrize(
    "items",
    [["a", "b"], ["a; b", "c"], ['say "hi"'], [""], [" padded "], ['"'], ["x"]],
)
def test_a_list_cell_gives_back_its_items(items: list[str]) -> None:
    assert tables.split_list(tables.list_cell(items)) == (items, None)


def test_a_list_cell_written_by_hand_is_read_leniently() -> None:
    assert tables.split_list("a;b ;  c;") == (["a", "b", "c"], None)
    assert tables.split_list('"a" x')[1] is not None


# -- an analyst's mistakes ------------------------------------------------------------------


def _problems(book: object) -> list[Finding]:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    reader = xlsx.read_workbook(out.getvalue(), "book.xlsx", DEFAULT_LIMITS)
    try:
        assemble(reader.collected, ("book.xlsx",), require_entries=False)
    except LoadError as exc:
        return list(exc.problems)
    return []


def _edited_book() -> object:
    model = load(EXAMPLES / "dwp")
    return openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(model)))


def _cell(sheet: object, header: str, row: int) -> object:
    names = [c.value for c in sheet[1]]  # type: ignore[index]
    return sheet.cell(row=row, column=names.index(header) + 1)  # type: ignore[attr-defined]


def _where(found: list[Finding]) -> dict[str, Finding]:
    return {str(f.location): f for f in found}


def test_a_workbook_with_an_analysts_mistakes_gives_located_plain_problems() -> None:
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    _cell(segments, "size.value", 3).value = "1.5m"
    _cell(segments, "unit", 4).value = "pensoins"  # misspelt
    _cell(segments, "name", 5).value = None  # required, left empty
    segments.merge_cells("C6:C7")
    found = _problems(book)
    where = _where(found)
    size = where[f"book.xlsx!Segments!{_cell(segments, 'size.value', 3).coordinate}"]
    assert size.code == "CFG004"
    assert "1500000" in (size.hint or "")
    empty = where[f"book.xlsx!Segments!{_cell(segments, 'name', 5).coordinate}"]
    assert empty.code == "CFG006"
    assert "empty" in empty.message
    unit = where[f"book.xlsx!Segments!{_cell(segments, 'unit', 4).coordinate}"]
    assert unit.code == "CFG008"
    assert "pensoins" in unit.message
    merged = where["book.xlsx!Segments!C6"]
    assert merged.code == "CFG036"
    assert "C6:C7" in merged.message
    assert "Unmerge" in (merged.hint or "")


def test_a_misspelt_reference_is_located_at_its_cell_with_a_suggestion() -> None:
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    right = _cell(segments, "unit", 4).value
    _cell(segments, "unit", 4).value = right[:-1] + right[-1].upper() + "x"
    (problem,) = _problems(book)
    assert str(problem.location) == f"book.xlsx!Segments!{_cell(segments, 'unit', 4).coordinate}"
    assert problem.code == "CFG008"
    assert right in problem.message or right in (problem.hint or "")


def test_a_renamed_sheet_and_header_say_what_was_expected() -> None:
    book = _edited_book()
    book["Segments"].title = "Segmnts"  # type: ignore[index]
    _cell(book["Aims"], "statement", 1).value = "statment"  # type: ignore[index]
    found = _problems(book)
    where = _where(found)
    sheet = where["book.xlsx!Segmnts"]
    assert sheet.code == "CFG038"
    assert "Did you mean 'Segments'" in (sheet.hint or "")
    header = next(f for f in found if f.location and f.location.sheet == "Aims")
    assert header.code == "CFG003"
    assert "Did you mean `statement`" in (header.hint or "")


def test_periods_and_months_typed_as_dates_are_refused_and_days_taken() -> None:
    book = _edited_book()
    results = book["Results"]  # type: ignore[index]
    period = _cell(results, "period", 2)
    period.value = datetime.datetime(2025, 4, 1)
    period.number_format = "mmm-yy"
    measures = book["Measures"]  # type: ignore[index]
    deadline = _cell(measures, "deadline", 2)
    deadline.value = datetime.datetime(2026, 3, 31)
    deadline.number_format = "yyyy-mm-dd"
    found = _problems(book)
    (date,) = found
    assert str(date.location) == f"book.xlsx!Results!{period.coordinate}"
    assert date.code == "CFG035"
    assert "2025-04" in (date.hint or "")


def test_formulas_give_their_saved_value_or_a_problem() -> None:
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    cell = _cell(segments, "priority", 2)
    cell.value = "=1+1"  # openpyxl saves no value for it
    (problem,) = _problems(book)
    assert problem.code == "CFG037"
    assert "=1+1" in problem.message
    assert str(problem.location) == f"book.xlsx!Segments!{cell.coordinate}"


def test_blank_rows_and_numbers_stored_as_text_are_read() -> None:
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    size = next(
        _cell(segments, "size.value", r)
        for r in range(2, segments.max_row + 1)
        if _cell(segments, "size.value", r).value is not None  # type: ignore[attr-defined]
    )
    assert isinstance(size.value, int | float)  # type: ignore[attr-defined]
    size.value = str(size.value)  # type: ignore[attr-defined]
    segments.append([None] * 3)
    segments.append([])
    assert _problems(book) == []


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password"),
        (b"segment,period\n", "not an XLSX workbook"),
        (b"PK\x03\x04garbage", "not an XLSX workbook"),
    ],
)
def test_a_file_that_is_no_workbook_is_a_plain_problem(data: bytes, words: str) -> None:
    with pytest.raises(xlsx.UnreadableWorkbook) as caught:
        xlsx.read_workbook(data, "book.xlsx", DEFAULT_LIMITS)
    assert caught.value.finding.code == "CFG039"
    assert words in caught.value.finding.message


def test_a_csv_folder_locates_problems_at_file_row_and_column() -> None:
    files = tables.csv_files(load(EXAMPLES / "dwp"))
    lines = files["Segments.csv"].splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("category")] = "targt"
    lines[2] = ",".join(cells)
    files["Segments.csv"] = "\n".join(lines) + "\n"
    with pytest.raises(LoadError) as caught:
        _from_folder(files)
    (problem,) = caught.value.problems
    assert str(problem.location) == f"out/Segments.csv:3:{header.index('category') + 1}"
    assert "Did you mean `target`" in (problem.hint or "")


# -- the commands ----------------------------------------------------------------------------


def _cfgov(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cfgov", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_export_then_import_through_the_commands(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    assert _cfgov("export", "xlsx", "-o", str(book), str(EXAMPLES / "dwp")).returncode == 0
    again = _cfgov("export", "xlsx", "-o", str(book), str(EXAMPLES / "dwp"))
    assert again.returncode == 2
    assert "--force" in again.stderr
    out = tmp_path / "model"
    done = _cfgov("import", "xlsx", str(book), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert load(out) == load(EXAMPLES / "dwp")
    (out / "book.yaml").write_text("# kept by hand\n" + (out / "book.yaml").read_text())
    refused = _cfgov("import", "xlsx", str(book), "-o", str(out))
    assert refused.returncode == 2
    assert "1 line of comments" in refused.stderr
    folder = tmp_path / "csv"
    assert _cfgov("export", "csv", "-o", str(folder), str(EXAMPLES / "dwp")).returncode == 0
    assert (folder / "README.md").exists()
    done = _cfgov("import", "csv", str(folder), "-o", str(tmp_path / "from-csv"))
    assert done.returncode == 0, done.stderr
    assert load(tmp_path / "from-csv") == load(EXAMPLES / "dwp")


def test_a_failing_import_writes_nothing_and_says_where(tmp_path: Path) -> None:
    book = _edited_book()
    _cell(book["Segments"], "size.value", 3).value = "1.5m"  # type: ignore[index]
    path = tmp_path / "book.xlsx"
    book.save(path)  # type: ignore[attr-defined]
    done = _cfgov("import", "xlsx", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "book.xlsx!Segments!" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_without_openpyxl_the_commands_say_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import cfgov.io
    from cfgov.cli.app import run

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    monkeypatch.delitem(sys.modules, "cfgov.io.xlsx")
    monkeypatch.delattr(cfgov.io, "xlsx")
    code = run(["export", "xlsx", "-o", str(tmp_path / "b.xlsx"), str(EXAMPLES / "dwp")])
    assert code == 2
    assert "cfgov[xlsx]" in capsys.readouterr().err
    assert not (tmp_path / "b.xlsx").exists()
    code = run(["import", "xlsx", str(tmp_path / "b.xlsx"), "-o", str(tmp_path / "out")])
    assert code == 2
    assert "cfgov[xlsx]" in capsys.readouterr().err


def test_importing_cfgov_does_not_import_openpyxl() -> None:
    code = "import sys, cfgov, cfgov.io.tables, cfgov.cli.app; print('openpyxl' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- places in a workbook ----------------------------------------------------------------------


def test_a_workbook_location_reads_as_a_spreadsheet_names_the_cell() -> None:
    from cfgov.model import Location

    assert str(Location("book.xlsx", 12, 3, sheet="Segments")) == "book.xlsx!Segments!C12"
    assert str(Location("book.xlsx", 12, 28, sheet="Segments")) == "book.xlsx!Segments!AB12"
    assert str(Location("book.xlsx", 12, None, sheet="Segments")) == "book.xlsx!Segments!12:12"
    assert str(Location("book.xlsx", sheet="Segments")) == "book.xlsx!Segments"
    assert str(Location("a.yaml", 12, 3)) == "a.yaml:12:3"


def test_a_source_map_keeps_the_sheet() -> None:
    from cfgov.model import Location, SourceMap

    here = Location("book.xlsx", 4, 2, sheet="Units")
    sources = SourceMap({("u", ""): here, ("v", ""): Location("a.yaml", 4, 2)})
    assert sources.locate("u") == here
    assert sources.locate("v") == Location("a.yaml", 4, 2)


def test_the_outputs_name_the_sheet_and_cell() -> None:
    import json

    from cfgov.model import Location, Severity
    from cfgov.report import render

    found = Finding(
        code="CFG004",
        severity=Severity.ERROR,
        message="not a number",
        location=Location("book.xlsx", 3, 13, sheet="Segments"),
    )
    assert "book.xlsx!Segments!M3" in render([found], format="text", rules=())
    placed = json.loads(render([found], format="json", rules=()))
    text = json.dumps(placed)
    assert '"sheet": "Segments"' in text
    assert '"cell": "M3"' in text
    github = render([found], format="github", rules=())
    assert "file=book.xlsx" in github
    assert "Segments!M3: not a number" in github
    assert "line=" not in github
    sarif = json.loads(render([found], format="sarif", rules=()))
    (result,) = sarif["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["properties"] == {"sheet": "Segments", "cell": "M3"}
    assert "region" not in physical


def test_a_workbook_too_large_is_refused_before_it_is_read() -> None:
    from cfgov.io.limits import Limits

    data = xlsx.workbook_bytes(load(EXAMPLES / "dwp"))
    with pytest.raises(xlsx.UnreadableWorkbook) as caught:
        xlsx.read_workbook(data, "book.xlsx", Limits(max_file_bytes=len(data) - 1))
    assert "more than the limit" in caught.value.finding.message
    reader = xlsx.read_workbook(data, "book.xlsx", Limits(max_nodes=100))
    found = {str(p.location): p for p in reader.collected.problems}
    assert found["book.xlsx!Segments"].code == "CFG014"


def test_hidden_rows_and_sheets_are_read_like_any_other() -> None:
    model = load(EXAMPLES / "dwp")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(model)))
    book["Segments"].row_dimensions[3].hidden = True
    book["Measures"].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    assert _from_workbook(out.getvalue()) == model


def test_the_read_me_says_a_results_breakdown_is_text_and_counts_are_whole_numbers() -> None:
    from cfgov.io.tables import readme_rows

    forms = {(r[0], r[1]): r[3] for r in readme_rows()}
    assert "text" in forms[("Results", "breakdown.<dimension>")]
    assert "whole number" not in forms[("Results", "breakdown.<dimension>")]
    assert forms[("Demand", "failure.<type>")] == "a whole number, 0 or more"
    assert forms[("Feedback", "score_0 ... score_10, theme.<text>")] == "a whole number, 0 or more"


def _as_excel_saved(text: str, *, delimiter: str = ",", line_end: str = "\n") -> str:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(
        csv.reader(io.StringIO(text, newline=""))
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "line_end", "bom"),
    [(";", "\r\n", ""), (";", "\n", "\ufeff"), (",", "\r\n", "\ufeff")],
)
def test_csv_saved_by_european_excel_with_semicolons_reads_as_the_same_model(
    delimiter: str, line_end: str, bom: str
) -> None:
    model = load(EXAMPLES / "dwp")
    files = {
        name: bom + _as_excel_saved(text, delimiter=delimiter, line_end=line_end)
        if name.endswith(".csv")
        else text
        for name, text in tables.csv_files(model).items()
    }
    assert _from_folder(files) == _from_folder(tables.csv_files(model))


def _saved(book: object) -> bytes:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_spaces_typed_around_ids_and_words_are_not_part_of_them() -> None:
    """A space (or a no-break space, as text pasted from a web page brings) at the end of an
    id, a reference or a word cannot be seen in a cell; as in YAML, it is not part of it."""
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    _cell(segments, "id", 3).value += " "
    _cell(segments, "unit", 2).value += "\u00a0"
    _cell(segments, "category", 4).value = " " + _cell(segments, "category", 4).value
    _cell(segments, "priority", 2).value = " 4 "
    assert _from_workbook(_saved(book)) == load(EXAMPLES / "dwp")


def test_spaces_in_text_cells_are_kept_as_typed() -> None:
    book = _edited_book()
    _cell(book["Segments"], "name", 2).value = "Future pensioners "  # type: ignore[index]
    assert _from_workbook(_saved(book)).segments[0].name == "Future pensioners "


@given(st.text())
def test_an_id_written_to_a_cell_reads_back_as_it_was(value: str) -> None:
    assert tables.id_text(tables.id_cell(value)) == value


def test_a_list_of_ids_typed_with_commas_is_told_to_use_semicolons() -> None:
    book = _edited_book()
    cell = _cell(book["Segments"], "aims", 2)  # type: ignore[index]
    cell.value = "dwp-aim-pensions, dwp-aim-pensions"
    (problem,) = _problems(book)
    assert str(problem.location) == f"book.xlsx!Segments!{cell.coordinate}"  # type: ignore[attr-defined]
    assert problem.code == "CFG005"
    assert "commas" in problem.message
    assert "`dwp-aim-pensions; dwp-aim-pensions`" in (problem.hint or "")
    assert "[" not in (problem.hint or "")  # not YAML's list syntax


def test_an_id_holding_a_comma_is_exported_in_quotes_and_reads_back() -> None:
    assert tables.list_cell(["a,b", "c"]) == '"a,b"; c'


def test_a_sheet_of_a_million_formatted_empty_rows_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spreadsheets can save formatting far below the data as rows of their own: such a
    sheet is refused at its name, quickly, without reading its rows into memory."""
    import re
    import zipfile

    from cfgov.io.limits import Limits

    data = xlsx.workbook_bytes(load(EXAMPLES / "dwp"))
    source = zipfile.ZipFile(io.BytesIO(data))
    # The Demand sheet: after "Read me" and the tables before it.
    member = f"xl/worksheets/sheet{[t.name for t in tables.TABLES].index('Demand') + 2}.xml"
    assert b'name="Demand"' in source.read("xl/workbook.xml")
    rows = "".join(f'<row r="{i}" s="1"><c r="A{i}" s="1"/></row>' for i in range(2, 3002))
    sheet = re.sub("</sheetData>", rows + "</sheetData>", source.read(member).decode())
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, sheet if info.filename == member else source.read(info))
    limits = Limits(max_nodes=1000)
    calls: list[int] = []
    real = openpyxl.load_workbook

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        book = real(*args, **kwargs)
        assert book["Demand"].max_row < 1000  # the rows were never read
        return book

    monkeypatch.setattr(xlsx.openpyxl, "load_workbook", counting)
    reader = xlsx.read_workbook(packed.getvalue(), "book.xlsx", limits)
    found = {str(p.location): p for p in reader.collected.problems}
    assert found["book.xlsx!Demand"].code == "CFG014"
    assert calls


def test_a_column_of_notes_added_by_hand_is_told_how_to_keep_the_notes() -> None:
    book = _edited_book()
    segments = book["Segments"]  # type: ignore[index]
    segments.cell(row=1, column=30, value="Notes")
    segments.cell(row=2, column=30, value="check with Jo")
    (problem,) = _problems(book)
    assert str(problem.location) == "book.xlsx!Segments!AD1"
    assert problem.code == "CFG003"
    assert "delete the column" in (problem.hint or "")
    assert "`description`" in (problem.hint or "")
